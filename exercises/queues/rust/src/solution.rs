//! One answer. Try the starter before reading it.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

use crate::{Urls, fetch};

pub async fn crawl(urls: Urls, workers: usize) -> HashMap<String, String> {
    // Capacity `workers`: the feeder waits while that many URLs are queued.
    let (queue, inbox) = mpsc::channel::<String>(workers);
    let inbox = Arc::new(Mutex::new(inbox));
    let mut team = JoinSet::new();
    for _ in 0..workers {
        let inbox = Arc::clone(&inbox);
        team.spawn(async move {
            let mut bodies = Vec::new();
            // recv() returns None once every Sender is gone and the channel is empty.
            while let Some(url) = next(&inbox).await {
                let body = fetch(&url).await;
                bodies.push((url, body));
            }
            bodies
        });
    }
    // The only Sender moves into the feeder and is dropped when it finishes:
    // that closes the channel, and every worker's recv() then returns None.
    let feeder = tokio::spawn(async move {
        for url in urls {
            queue.send(url).await.expect("the workers are alive");
        }
    });
    feeder.await.expect("the feeder panicked");
    team.join_all().await.into_iter().flatten().collect()
}

async fn next(inbox: &Mutex<mpsc::Receiver<String>>) -> Option<String> {
    inbox.lock().await.recv().await
}
