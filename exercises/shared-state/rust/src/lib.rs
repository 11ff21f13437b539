//! Exercise "Shared state", the Rust side.
//!
//! `MyShop::buy(item)` must take one item out of the warehouse's stock,
//! never sell more than there is, and let purchases of different items run
//! at the same time.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-shared-state --example check-shared-state`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long one query to the simulated warehouse takes.
pub const QUERY_TIME: Duration = Duration::from_millis(50);

/// The simulated stock database. Treat it as a library you cannot change.
#[derive(Debug)]
pub struct Warehouse {
    stock: Mutex<HashMap<&'static str, u32>>,
}

impl Warehouse {
    pub fn new(stock: &[(&'static str, u32)]) -> Self {
        Self {
            stock: Mutex::new(stock.iter().copied().collect()),
        }
    }

    /// Every item the warehouse stocks, in no particular order.
    pub fn items(&self) -> Vec<&'static str> {
        self.lock().keys().copied().collect()
    }

    /// How many of `item` are left: a query that takes 50 ms.
    pub async fn count(&self, item: &str) -> u32 {
        tokio::time::sleep(QUERY_TIME).await;
        self.lock()[item]
    }

    /// Stores a new count for `item`: a query that takes 50 ms.
    pub async fn set_count(&self, item: &str, count: u32) {
        tokio::time::sleep(QUERY_TIME).await;
        *self.lock().get_mut(item).expect("the warehouse stocks it") = count;
    }

    /// The count without the query's delay, for the checks.
    fn peek(&self, item: &str) -> u32 {
        self.lock()[item]
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, u32>> {
        self.stock.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the checks need from a shop: open it on a warehouse, buy from it.
pub trait Shop: Send + Sync + 'static {
    fn open(warehouse: Arc<Warehouse>) -> Self;

    /// Takes one `item` out of stock: `true` if bought, `false` if sold out.
    fn buy(&self, item: &'static str) -> impl Future<Output = bool> + Send;
}
