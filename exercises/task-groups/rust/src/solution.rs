//! One answer. Try the starter before reading it.

use tokio::task::JoinSet;

use crate::{Order, OrderFailed, charge_card, check_address, reserve_stock};

pub async fn place_order(order: Order) -> Result<&'static str, OrderFailed> {
    let mut steps = JoinSet::new();
    steps.spawn(check_address(order));
    steps.spawn(reserve_stock(order));
    steps.spawn(charge_card(order));
    let mut problems = Vec::new();
    while let Some(joined) = steps.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => {
                problems.push(problem);
                // Stop the steps still running; the loop goes on to collect
                // failures that happened at the same moment.
                steps.abort_all();
            }
            Err(aborted) if aborted.is_cancelled() => {}
            Err(panicked) => std::panic::resume_unwind(panicked.into_panic()),
        }
    }
    if problems.is_empty() {
        return Ok("order placed");
    }
    problems.sort();
    Err(OrderFailed { problems })
}
