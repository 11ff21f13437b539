//! Exercise "Threads and asyncio together", the Rust side.
//!
//! `scan_with_progress(chunks, progress)` must run the blocking `scan` off
//! the runtime's thread, send each progress report down `progress` as soon
//! as `scan` makes it, and return the count that `scan` returns.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-threads --example check-threads`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::time::Duration;

/// How long `scan` takes per chunk.
pub const CHUNK: Duration = Duration::from_millis(500);

/// One progress report: `done` of `total` chunks are scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// A blocking scanner from a sync library: counts the `"ERROR"`s in each
/// chunk. Each chunk takes 0.5 s; after each one it calls `report` from
/// whatever thread it runs on. Returns the total count.
///
/// Treat it as a library you cannot change.
pub fn scan(chunks: &[String], mut report: impl FnMut(Progress)) -> usize {
    let mut found = 0;
    for (index, chunk) in chunks.iter().enumerate() {
        std::thread::sleep(CHUNK);
        found += chunk.matches("ERROR").count();
        report(Progress {
            done: index + 1,
            total: chunks.len(),
        });
    }
    found
}
