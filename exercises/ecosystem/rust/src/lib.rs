//! Exercise "The async library ecosystem", the Rust side.
//!
//! `ProfileStore::get_profile(key)` must return the database's profile for
//! `key`, with a cache in front of the database: concurrent requests for one
//! key make a single query between them, requests for different keys load
//! side by side, and a key already in the cache costs no query at all.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-ecosystem --example check-ecosystem`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How long one database query takes.
pub const QUERY_TIME: Duration = Duration::from_millis(500);
/// How long one cache round trip (`get` or `set`) takes.
pub const ROUND_TRIP: Duration = Duration::from_millis(10);

/// The simulated database (no real one), standing in for an sqlx or
/// tokio-postgres pool: every query takes 500 ms.
///
/// Treat it as a library you cannot change.
#[derive(Debug, Default)]
pub struct Database {
    queried: Mutex<Vec<String>>,
}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// The profile stored for `key`, such as `"profile of ada"`: a 500 ms query.
    pub async fn fetch(&self, key: &str) -> String {
        lock(&self.queried).push(key.to_string());
        tokio::time::sleep(QUERY_TIME).await;
        format!("profile of {key}")
    }

    /// The keys queried so far, in the order the queries started; for the checks.
    fn queried(&self) -> Vec<String> {
        lock(&self.queried).clone()
    }
}

/// The simulated cache (no real one), standing in for a client of the
/// `redis` crate: `get` and `set` each take one 10 ms round trip.
///
/// Treat it as a library you cannot change.
#[derive(Debug, Default)]
pub struct Cache {
    stored: Mutex<HashMap<String, String>>,
}

impl Cache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value stored for `key`, or `None`.
    pub async fn get(&self, key: &str) -> Option<String> {
        tokio::time::sleep(ROUND_TRIP).await;
        lock(&self.stored).get(key).cloned()
    }

    /// Stores `value` for `key`.
    pub async fn set(&self, key: &str, value: String) {
        tokio::time::sleep(ROUND_TRIP).await;
        lock(&self.stored).insert(key.to_string(), value);
    }
}

/// What the checks need from a profile store: open it on a cache and a
/// database, ask it for profiles. `starter::ProfileStore` and
/// `solution::ProfileStore` both implement it.
pub trait Profiles: Send + Sync + 'static {
    fn open(cache: Arc<Cache>, db: Arc<Database>) -> Self;

    /// The database's profile for `key`, asking the database as rarely as possible.
    fn get_profile(&self, key: &str) -> impl Future<Output = String> + Send;
}

/// The simulated services hold their std locks only for a moment, never
/// across an `.await`; a panic elsewhere cannot leave their data half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
