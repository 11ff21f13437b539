//! Exercise "Timeouts and cancellation", the Rust side.
//!
//! `load_dashboard(loaders)` must load every widget at once, give each one
//! `WIDGET_TIMEOUT` to answer (`None` if it doesn't), drop a loader that
//! misses its deadline, and leave nothing running if the caller drops
//! `load_dashboard` itself.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-timeouts-and-cancellation --example check-timeouts-and-cancellation`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::pin::Pin;
use std::time::Duration;

/// How long each widget may take before the dashboard shows it as `None`.
pub const WIDGET_TIMEOUT: Duration = Duration::from_millis(200);

/// Loads one widget: a future that yields the widget's content.
pub type Loader = Pin<Box<dyn Future<Output = String> + Send + 'static>>;
