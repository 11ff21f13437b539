//! Exercise "Async context managers and resources", the Rust side.
//!
//! `connection(pool)` borrows a connection from a pool and returns a guard.
//! The connection must go back to the pool however the code holding the
//! guard ends: normally, by an early `return` or `?`, or by being cancelled.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-async-context-managers --example check-async-context-managers`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Semaphore;

/// A simulated pool of database connections (no network).
///
/// Treat it as a library you cannot change.
#[derive(Debug)]
pub struct Pool {
    size: usize,
    permits: Semaphore,
    free: Mutex<VecDeque<String>>,
    out: Mutex<BTreeSet<String>>,
}

impl Pool {
    pub fn new(size: usize) -> Arc<Pool> {
        Arc::new(Pool {
            size,
            permits: Semaphore::new(size),
            free: Mutex::new((1..=size).map(|n| format!("conn-{n}")).collect()),
            out: Mutex::default(),
        })
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Waits until a connection is free, then lends it out.
    pub async fn acquire(&self) -> String {
        let permit = self
            .permits
            .acquire()
            .await
            .expect("the pool is never closed");
        permit.forget(); // the borrowed connection stands for the permit now
        let conn = lock(&self.free)
            .pop_front()
            .expect("a permit means a free connection");
        lock(&self.out).insert(conn.clone());
        conn
    }

    /// Gives a borrowed connection back.
    pub fn release(&self, conn: String) {
        assert!(
            lock(&self.out).remove(&conn),
            "{conn} was released but is not borrowed"
        );
        lock(&self.free).push_back(conn);
        self.permits.add_permits(1);
    }

    /// The connections lent out and not given back yet.
    pub fn borrowed(&self) -> Vec<String> {
        lock(&self.out).iter().cloned().collect()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the rest of the program needs from a borrowed connection.
pub trait Borrowed {
    /// The connection's name, such as `conn-1`.
    fn name(&self) -> &str;
    /// Gives the connection back now, when the code remembers to.
    fn release(self);
}
