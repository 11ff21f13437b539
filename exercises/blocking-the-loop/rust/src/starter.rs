//! Your starting point. It compiles and returns the right bodies, but the
//! checks fail: run `cargo run -p exercise-blocking-the-loop --example check-blocking-the-loop`.

use crate::legacy_fetch;

pub async fn fetch_all(urls: Vec<String>) -> Vec<String> {
    // TODO: every legacy_fetch below holds the runtime's only thread for
    // 200 ms, one URL after another. Run the fetches concurrently without
    // blocking the runtime, and keep the bodies in the order of `urls`.
    let mut bodies = Vec::with_capacity(urls.len());
    for url in &urls {
        bodies.push(legacy_fetch(url));
    }
    bodies
}
