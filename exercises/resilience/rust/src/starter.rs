//! Your starting point. It compiles, but the checks fail:
//! run `cargo run -p exercise-resilience --example check-resilience`.

use std::sync::Arc;

use crate::{ATTEMPTS, FlakyService, Jitter, Unavailable};

/// Calls the service until it answers, at most `ATTEMPTS` times.
pub async fn call_with_retry(
    service: Arc<FlakyService>,
    _jitter: Jitter,
) -> Result<String, Unavailable> {
    let mut attempt = 1;
    loop {
        match service.call().await {
            Ok(answer) => return Ok(answer),
            Err(error) if attempt == ATTEMPTS => return Err(error),
            Err(_) => {
                // TODO: this tries again at once, hammering a struggling
                // service. Wait first: ceiling(attempt) scaled by one
                // jitter.draw(), with tokio::time::sleep. (Rename `_jitter`
                // to `mut jitter` once you use it.)
                attempt += 1;
            }
        }
    }
}
