//! One answer. Try the starter before reading it.

use crate::legacy_fetch;

pub async fn fetch_all(urls: Vec<String>) -> Vec<String> {
    // Start every fetch before awaiting any, so they overlap on the blocking pool.
    let fetches: Vec<_> = urls
        .into_iter()
        .map(|url| tokio::task::spawn_blocking(move || legacy_fetch(&url)))
        .collect();
    let mut bodies = Vec::with_capacity(fetches.len());
    // Awaiting the handles in the order they were spawned is what keeps the input order.
    for fetch in fetches {
        bodies.push(fetch.await.expect("legacy_fetch panicked"));
    }
    bodies
}
