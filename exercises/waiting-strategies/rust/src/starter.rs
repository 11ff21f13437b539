//! Your starting point. It compiles and downloads the file, but the checks
//! fail: run `cargo run -p exercise-waiting-strategies --example check-waiting-strategies`.

use crate::{DownloadError, Mirror, download};

pub async fn fastest(mirrors: Vec<Mirror>) -> Result<String, DownloadError> {
    let downloads: Vec<_> = mirrors
        .into_iter()
        .map(|mirror| tokio::spawn(download(mirror)))
        .collect();
    // TODO: this waits for the first mirror in the list, not the first to
    // finish, gives up if it fails, and the other handles, dropped on return,
    // leave their downloads running. Spawn into a JoinSet, take results with
    // join_next as they finish, skip failures, and stop the rest.
    let first = downloads.into_iter().next().expect("at least one mirror");
    first.await.expect("a download panicked")
}
