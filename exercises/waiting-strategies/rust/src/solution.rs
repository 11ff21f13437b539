//! One answer. Try the starter before reading it.

use tokio::task::JoinSet;

use crate::{DownloadError, Mirror, download};

pub async fn fastest(mirrors: Vec<Mirror>) -> Result<String, DownloadError> {
    let mut downloads = JoinSet::new();
    for mirror in mirrors {
        downloads.spawn(download(mirror));
    }
    let mut last_error = DownloadError("no mirror to download from".into());
    // join_next hands out results in the order the downloads finish.
    while let Some(joined) = downloads.join_next().await {
        match joined.expect("a download panicked") {
            Ok(body) => {
                // Abort the others and wait until they have stopped.
                downloads.shutdown().await;
                return Ok(body);
            }
            Err(error) => last_error = error, // a broken mirror: wait for the next
        }
    }
    Err(last_error)
}
