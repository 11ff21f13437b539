//! The frame every Rust exercise's checks share.
//!
//! Each exercise crate (`exercises/*/rust`) grades a reader's answer with
//! checks of its own, but the frame around them is the same everywhere:
//! results that carry a message for the reader, a single-threaded runtime
//! like asyncio's one event loop, a reader's panic turned into a failed
//! check instead of a crash, the report its `examples/check.rs` prints, and
//! the two tests that keep the exercise honest. That frame lives here, so an
//! exercise's `checks.rs` holds only what it checks.

mod check;
mod gauge;
mod report;
mod run;

pub use check::{CheckResult, fail, pass};
pub use gauge::{Gauge, GaugeGuard};
pub use report::{assert_solution_passes, assert_starter_fails, grade};
pub use run::{catch, one_run_at_a_time, paused_runtime, run, run_within, runtime};
