//! Your starting point. It compiles and fetches every page, but the checks
//! fail: run `cargo run -p exercise-queues --example check-queues`.

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
    let feeder = tokio::spawn({
        let queue = queue.clone();
        async move {
            for url in urls {
                queue.send(url).await.expect("the workers are alive");
            }
        }
    });
    feeder.await.expect("the feeder panicked");
    // TODO: crawl never returns. The workers wait in recv() for more URLs
    // because a Sender is still alive. Let the channel close once the
    // feeder is done, so every worker's loop ends.
    team.join_all().await.into_iter().flatten().collect()
}

async fn next(inbox: &Mutex<mpsc::Receiver<String>>) -> Option<String> {
    inbox.lock().await.recv().await
}
