//! Grades a `Shop` with the three checks of the Python exercise.

use std::sync::Arc;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::{QUERY_TIME, Shop, Warehouse};

pub use exercise_support::CheckResult;

/// Runs every check against the shop type `S` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop,
/// on tokio's paused clock: sleeps finish as soon as every task waits, so the
/// timings are exact and the checks run in a blink.
pub fn run_checks<S: Shop>() -> Vec<CheckResult> {
    let runtime = exercise_support::paused_runtime();
    vec![
        refuses_when_sold_out::<S>(&runtime),
        never_oversells::<S>(&runtime),
        items_do_not_wait_for_each_other::<S>(&runtime),
    ]
}

fn open<S: Shop>(stock: &[(&'static str, u32)]) -> (Arc<S>, Arc<Warehouse>) {
    let warehouse = Arc::new(Warehouse::new(stock));
    (Arc::new(S::open(Arc::clone(&warehouse))), warehouse)
}

/// Buys each of `items` in its own task, all at once; returns the outcomes
/// in the order of `items` and how long the whole lot took.
async fn buy_at_once<S: Shop>(shop: &Arc<S>, items: &[&'static str]) -> (Vec<bool>, u128) {
    let start = Instant::now();
    let mut purchases = JoinSet::new();
    for (index, &item) in items.iter().enumerate() {
        let shop = Arc::clone(shop);
        purchases.spawn(async move { (index, shop.buy(item).await) });
    }
    let mut outcomes = purchases.join_all().await;
    outcomes.sort_by_key(|&(index, _)| index);
    let outcomes = outcomes.into_iter().map(|(_, bought)| bought).collect();
    (outcomes, start.elapsed().as_millis())
}

fn refuses_when_sold_out<S: Shop>(runtime: &Runtime) -> CheckResult {
    let name = "a sold-out item is refused";
    let (shop, warehouse) = open::<S>(&[("apple", 1)]);
    let outcome = run(runtime, "the shop", async {
        let first = shop.buy("apple").await;
        let second = shop.buy("apple").await;
        (first, second)
    });
    let (first, second) = match outcome {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    let left = warehouse.peek("apple");
    if (first, second, left) == (true, false, 0) {
        pass(
            name,
            "the last apple sold once, then the shop said no".into(),
        )
    } else {
        fail(
            name,
            format!(
                "with 1 apple in stock, two purchases one after the other returned {first} and \
                 {second} and left {left} in the warehouse; expected true, then false, and 0 left"
            ),
        )
    }
}

fn never_oversells<S: Shop>(runtime: &Runtime) -> CheckResult {
    let name = "never sells more than the stock";
    let (shop, warehouse) = open::<S>(&[("apple", 3)]);
    let outcomes = match run(runtime, "the shop", buy_at_once(&shop, &["apple"; 10])) {
        Ok((outcomes, _)) => outcomes,
        Err(why) => return fail(name, why),
    };
    let sold = outcomes.iter().filter(|&&bought| bought).count();
    let left = warehouse.peek("apple");
    if sold > 3 {
        fail(
            name,
            format!(
                "10 customers bought an apple at the same time and {sold} purchases succeeded, \
                 but there were only 3 apples; the warehouse now says {left} {} left. Several \
                 purchases read the same count before any of them wrote it back. Make each \
                 purchase's read and write one step that other purchases of the same item \
                 have to wait for",
                if left == 1 { "is" } else { "are" }
            ),
        )
    } else if (sold, left) != (3, 0) {
        fail(
            name,
            format!(
                "10 customers bought an apple at the same time: {sold} succeeded and the \
                 warehouse says {left} left; expected all 3 apples sold and 0 left"
            ),
        )
    } else {
        pass(name, "3 of 10 customers got the 3 apples; 0 left".into())
    }
}

fn items_do_not_wait_for_each_other<S: Shop>(runtime: &Runtime) -> CheckResult {
    let name = "different items don't wait for each other";
    let (shop, _) = open::<S>(&[("apple", 3), ("pear", 3)]);
    let (outcomes, millis) = match run(runtime, "the shop", buy_at_once(&shop, &["apple", "pear"]))
    {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    let one_purchase = 2 * QUERY_TIME.as_millis();
    if outcomes != [true, true] {
        fail(
            name,
            format!(
                "buying an apple and a pear (3 of each in stock) returned {} and {}; expected \
                 true for both",
                outcomes[0], outcomes[1]
            ),
        )
    } else if millis > one_purchase {
        fail(
            name,
            format!(
                "buying an apple and a pear at the same time took {:.2} s, as long as buying \
                 them one after the other (a purchase takes {:.2} s): the pear waited for the \
                 apple. Give each item its own lock instead of one for the whole shop",
                millis as f64 / 1000.0,
                one_purchase as f64 / 1000.0,
            ),
        )
    } else {
        pass(
            name,
            format!(
                "an apple and a pear bought together took {:.2} s, as long as one purchase",
                millis as f64 / 1000.0
            ),
        )
    }
}
