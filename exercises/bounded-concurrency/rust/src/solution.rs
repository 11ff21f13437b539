//! One answer. Try the starter before reading it.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::fetch;

pub async fn fetch_all(urls: Vec<String>, limit: usize) -> Vec<String> {
    // One semaphore per call, so each call gets the limit it was given.
    let slots = Arc::new(Semaphore::new(limit));
    let fetches: Vec<_> = urls
        .into_iter()
        .map(|url| {
            let slots = Arc::clone(&slots);
            tokio::spawn(async move {
                // Waits while `limit` fetches are in flight; a freed permit goes
                // to the next waiting task at once.
                let _permit = slots.acquire_owned().await.expect("never closed");
                fetch(url).await
            })
        })
        .collect();
    let mut bodies = Vec::with_capacity(fetches.len());
    // Awaiting the handles in the order they were spawned keeps the input order.
    for fetch in fetches {
        bodies.push(fetch.await.expect("fetch panicked"));
    }
    bodies
}
