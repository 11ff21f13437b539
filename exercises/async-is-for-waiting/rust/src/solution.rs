//! One answer. Try the starter before reading it.

use crate::{download, resize};

pub async fn make_thumbnails(names: Vec<String>) -> Vec<String> {
    // One task per image, all spawned before any is awaited: the downloads wait together.
    let images: Vec<_> = names
        .into_iter()
        .map(|name| {
            tokio::spawn(async move {
                let raw = download(&name).await;
                // The computing goes to the blocking pool, so the runtime stays free
                // and, with no GIL in Rust, the resizes run in parallel.
                tokio::task::spawn_blocking(move || resize(&raw))
                    .await
                    .expect("resize panicked")
            })
        })
        .collect();
    let mut thumbnails = Vec::with_capacity(images.len());
    // Awaiting the handles in the order they were spawned keeps the order of `names`.
    for image in images {
        thumbnails.push(image.await.expect("image task panicked"));
    }
    thumbnails
}
