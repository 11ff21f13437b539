//! One answer. Try the starter before reading it.

use std::sync::Arc;

use crate::{ATTEMPTS, FlakyService, Jitter, Unavailable, ceiling};

/// Calls the service until it answers, at most `ATTEMPTS` times.
pub async fn call_with_retry(
    service: Arc<FlakyService>,
    mut jitter: Jitter,
) -> Result<String, Unavailable> {
    let mut attempt = 1;
    loop {
        match service.call().await {
            Ok(answer) => return Ok(answer),
            // Out of attempts: report the last failure, no more waiting.
            Err(error) if attempt == ATTEMPTS => return Err(error),
            Err(_) => {
                // The ceiling doubles after each failure, up to CAP; a random
                // wait below it keeps many clients from retrying in step.
                tokio::time::sleep(ceiling(attempt).mul_f64(jitter.draw())).await;
                attempt += 1;
            }
        }
    }
}
