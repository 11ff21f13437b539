//! Exercise "Resilience: retries and circuit breakers", the Rust side.
//!
//! `call_with_retry(service, jitter)` must retry a flaky service with
//! exponential backoff and full jitter, make at most `ATTEMPTS` attempts, and
//! return the last error at once when they run out.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-resilience --example check-resilience`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How many attempts to make in all.
pub const ATTEMPTS: u32 = 5;
/// The ceiling of the first wait; it doubles after every failure...
pub const BASE: Duration = Duration::from_millis(100);
/// ...but never goes above this.
pub const CAP: Duration = Duration::from_secs(1);
/// How long one call to the service takes.
pub const CALL_TIME: Duration = Duration::from_millis(50);

/// The service is overloaded: trying again later may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable {
    /// Which call failed, counting from 1.
    pub call: u32,
}

/// The ceiling of the wait after failed attempt `n` (counting from 1):
/// `min(CAP, BASE * 2^(n-1))`.
pub fn ceiling(n: u32) -> Duration {
    CAP.min(BASE * 2_u32.pow(n - 1))
}

/// A simulated flaky service: it fails its first `failures` calls and
/// answers after that. Treat it as a service you cannot change.
#[derive(Debug)]
pub struct FlakyService {
    failures: u32,
    // When each call started and ended; the checks read it.
    calls: Mutex<Vec<(Instant, Instant)>>,
}

impl FlakyService {
    pub fn new(failures: u32) -> Self {
        FlakyService {
            failures,
            calls: Mutex::new(Vec::new()),
        }
    }

    /// One request: takes 50 ms, then fails or answers.
    pub async fn call(&self) -> Result<String, Unavailable> {
        let started = Instant::now();
        tokio::time::sleep(CALL_TIME).await;
        let mut calls = self
            .calls
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        calls.push((started, Instant::now()));
        let call = calls.len() as u32;
        if call <= self.failures {
            return Err(Unavailable { call });
        }
        Ok("200 OK".into())
    }

    /// When each call so far started and ended.
    pub fn calls(&self) -> Vec<(Instant, Instant)> {
        self.calls
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }
}

/// Random numbers in `[0, 1)` for the jitter, from a fixed list, so that
/// every run waits the same and the checks know what to expect.
#[derive(Debug, Clone)]
pub struct Jitter {
    draws: Vec<f64>,
    taken: usize,
}

impl Jitter {
    pub fn scripted(draws: Vec<f64>) -> Self {
        assert!(!draws.is_empty(), "a Jitter needs at least one number");
        Jitter { draws, taken: 0 }
    }

    /// The next random number in `[0, 1)`.
    pub fn draw(&mut self) -> f64 {
        let value = self.draws[self.taken % self.draws.len()];
        self.taken += 1;
        value
    }
}
