//! Grades a `place_order` with the three checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::time::{Instant, sleep};

use crate::{CHARGE_TIME, Order, OrderFailed, take_charges};

pub use exercise_support::CheckResult;

const GOOD: Order = Order {
    address: "1 Main Street",
    quantity: 2,
    card: "4242",
};
const NO_ADDRESS: Order = Order {
    address: "",
    ..GOOD
};
const TWO_PROBLEMS: Order = Order {
    address: "",
    quantity: 9,
    ..GOOD
};

/// What one call to `place_order` gave back, how long it took, and the
/// charges that went through up to the end of the check.
struct Placed {
    outcome: Result<&'static str, OrderFailed>,
    took: Duration,
    charged_at: Vec<Duration>,
}

/// Runs every check against `place_order` and reports each one.
///
/// Each check gets its own single-threaded runtime on tokio's paused clock,
/// so the timings are exact and a task left running by one check dies with
/// its runtime instead of charging a card during the next one.
pub fn run_checks<F, Fut>(place_order: F) -> Vec<CheckResult>
where
    F: Fn(Order) -> Fut,
    Fut: Future<Output = Result<&'static str, OrderFailed>>,
{
    // Every run shares the payment provider's record of charges.
    let _only_run = exercise_support::one_run_at_a_time();
    vec![
        good_order(&place_order),
        failure_stops_the_rest(&place_order),
        every_failure_reported(&place_order),
    ]
}

fn good_order<F, Fut>(place_order: &F) -> CheckResult
where
    F: Fn(Order) -> Fut,
    Fut: Future<Output = Result<&'static str, OrderFailed>>,
{
    let name = "a good order is placed, with the steps running at once";
    let placed = match place(place_order, GOOD) {
        Ok(placed) => placed,
        Err(why) => return fail(name, why),
    };
    match placed.outcome {
        Err(failed) => fail(
            name,
            format!(
                "a valid order failed with the problems {:?}; expected Ok(\"order placed\")",
                failed.problems
            ),
        ),
        Ok(other) if other != "order placed" => fail(
            name,
            format!("a valid order returned Ok({other:?}); expected Ok(\"order placed\")"),
        ),
        Ok(_) if placed.charged_at.len() != 1 => fail(
            name,
            format!(
                "the card was charged {} times for one valid order; expected once",
                placed.charged_at.len()
            ),
        ),
        Ok(_) if placed.took > CHARGE_TIME + Duration::from_millis(50) => fail(
            name,
            format!(
                "the order took {:.2} s; the steps take 0.1 s, 0.1 s and 0.3 s, so run \
                 side by side they need only 0.30 s. Start all three before waiting",
                secs(placed.took)
            ),
        ),
        Ok(_) => pass(
            name,
            format!("placed in {:.2} s, card charged once", secs(placed.took)),
        ),
    }
}

fn failure_stops_the_rest<F, Fut>(place_order: &F) -> CheckResult
where
    F: Fn(Order) -> Fut,
    Fut: Future<Output = Result<&'static str, OrderFailed>>,
{
    let name = "a failed step stops the other steps at once";
    let placed = match place(place_order, NO_ADDRESS) {
        Ok(placed) => placed,
        Err(why) => return fail(name, why),
    };
    let expected = vec!["no delivery address".to_string()];
    match placed.outcome {
        Ok(result) => fail(
            name,
            format!(
                "an order without an address returned Ok({result:?}); expected Err(OrderFailed)"
            ),
        ),
        Err(failed) if failed.problems != expected => fail(
            name,
            format!(
                "OrderFailed listed {:?}; expected {expected:?}",
                failed.problems
            ),
        ),
        Err(_) if placed.took > Duration::from_millis(150) => fail(
            name,
            format!(
                "the address check failed at 0.10 s, but place_order only gave up at {:.2} s. \
                 Stop waiting for the other steps once one fails",
                secs(placed.took)
            ),
        ),
        Err(_) if !placed.charged_at.is_empty() => fail(
            name,
            format!(
                "the address check failed at 0.10 s and place_order reported it at {:.2} s, \
                 but the card was still charged at {:.2} s: the other steps kept running \
                 after the order had failed. Dropping a JoinHandle does not stop its task; \
                 abort the other steps (a JoinSet does it for you)",
                secs(placed.took),
                secs(placed.charged_at[0])
            ),
        ),
        Err(_) => pass(
            name,
            format!(
                "failed at {:.2} s and no card was charged",
                secs(placed.took)
            ),
        ),
    }
}

fn every_failure_reported<F, Fut>(place_order: &F) -> CheckResult
where
    F: Fn(Order) -> Fut,
    Fut: Future<Output = Result<&'static str, OrderFailed>>,
{
    let name = "every failure of that moment is reported, sorted";
    let placed = match place(place_order, TWO_PROBLEMS) {
        Ok(placed) => placed,
        Err(why) => return fail(name, why),
    };
    let expected = vec![
        "no delivery address".to_string(),
        "only 5 in stock, 9 ordered".to_string(),
    ];
    match placed.outcome {
        Ok(result) => fail(
            name,
            format!(
                "an order with no address and too many items returned Ok({result:?}); \
                 expected Err(OrderFailed)"
            ),
        ),
        Err(failed) if failed.problems == expected => {
            pass(name, format!("both problems reported: {expected:?}"))
        }
        Err(failed) => {
            let mut sorted = failed.problems.clone();
            sorted.sort();
            if sorted == expected {
                fail(
                    name,
                    format!(
                        "OrderFailed listed {:?}; expected them sorted: {expected:?}",
                        failed.problems
                    ),
                )
            } else {
                fail(
                    name,
                    format!(
                        "both checks fail at 0.10 s, but OrderFailed listed {:?}; expected \
                         {expected:?}. After aborting the other steps, keep calling \
                         join_next: a step that failed at the same moment still hands \
                         over its error",
                        failed.problems
                    ),
                )
            }
        }
    }
}

/// Places one order on a fresh paused runtime, then lets 0.5 s pass so that
/// any step still running can show what it does.
fn place<F, Fut>(place_order: &F, order: Order) -> Result<Placed, String>
where
    F: Fn(Order) -> Fut,
    Fut: Future<Output = Result<&'static str, OrderFailed>>,
{
    let runtime = exercise_support::paused_runtime();
    take_charges();
    let placed = run(&runtime, "place_order", async {
        let start = Instant::now();
        let outcome = place_order(order).await;
        let took = start.elapsed();
        sleep(Duration::from_millis(500)).await;
        let charged_at = take_charges()
            .into_iter()
            .map(|(_, when)| when - start)
            .collect();
        Placed {
            outcome,
            took,
            charged_at,
        }
    });
    // Dropping the runtime drops whatever the answer left running.
    drop(runtime);
    take_charges();
    placed
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
