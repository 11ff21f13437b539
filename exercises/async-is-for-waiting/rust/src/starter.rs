//! Your starting point. It compiles and returns the right thumbnails, but the
//! checks fail: run `cargo run -p exercise-async-is-for-waiting --example check-async-is-for-waiting`.

use crate::{download, resize};

pub async fn make_thumbnails(names: Vec<String>) -> Vec<String> {
    // TODO: the downloads wait one after another, and every resize computes
    // on the runtime's only thread. Let the downloads wait together, move
    // the resizes off the runtime, and keep the order of `names`.
    let mut thumbnails = Vec::with_capacity(names.len());
    for name in &names {
        let raw = download(name).await;
        thumbnails.push(resize(&raw));
    }
    thumbnails
}
