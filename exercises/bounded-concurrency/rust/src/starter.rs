//! Your starting point. It compiles and returns the right bodies, but the
//! checks fail: run `cargo run -p exercise-bounded-concurrency --example check-bounded-concurrency`.

use crate::fetch;

pub async fn fetch_all(urls: Vec<String>, limit: usize) -> Vec<String> {
    // TODO: this sends every request at once, however small `limit` is.
    // Keep at most `limit` fetches in flight, start the next one as soon as
    // any fetch finishes, and keep the bodies in the order of `urls`.
    let _ = limit;
    let fetches: Vec<_> = urls
        .into_iter()
        .map(|url| tokio::spawn(fetch(url)))
        .collect();
    let mut bodies = Vec::with_capacity(fetches.len());
    for fetch in fetches {
        bodies.push(fetch.await.expect("fetch panicked"));
    }
    bodies
}
