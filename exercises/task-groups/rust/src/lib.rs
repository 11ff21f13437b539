//! Exercise "Structured concurrency: TaskGroup", the Rust side.
//!
//! `place_order(order)` must run three steps concurrently, stop the other
//! steps as soon as one fails, and report every failure of that moment,
//! sorted, in one `OrderFailed`.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-task-groups --example check-task-groups`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// How long the address check and the stock reservation take.
pub const CHECK_TIME: Duration = Duration::from_millis(100);
/// How long the payment provider takes to charge a card.
pub const CHARGE_TIME: Duration = Duration::from_millis(300);

/// An order as the shop receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub address: &'static str,
    pub quantity: u32,
    pub card: &'static str,
}

/// What `place_order` returns when the order fails: every problem, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFailed {
    pub problems: Vec<String>,
}

// The checks read this to see whether a card was charged, and when; an
// answer never needs it.
static CHARGES: Mutex<Vec<(&str, Instant)>> = Mutex::new(Vec::new());

/// The simulated address service: fails when there is no address.
pub async fn check_address(order: Order) -> Result<(), String> {
    sleep(CHECK_TIME).await;
    if order.address.is_empty() {
        return Err("no delivery address".into());
    }
    Ok(())
}

/// The simulated warehouse: has 5 of the item in stock.
pub async fn reserve_stock(order: Order) -> Result<(), String> {
    sleep(CHECK_TIME).await;
    if order.quantity > 5 {
        return Err(format!("only 5 in stock, {} ordered", order.quantity));
    }
    Ok(())
}

/// The simulated payment provider: the charge goes through after 0.3 s.
pub async fn charge_card(order: Order) -> Result<(), String> {
    sleep(CHARGE_TIME).await;
    CHARGES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((order.card, Instant::now()));
    Ok(())
}

fn take_charges() -> Vec<(&'static str, Instant)> {
    std::mem::take(&mut *CHARGES.lock().unwrap_or_else(PoisonError::into_inner))
}
