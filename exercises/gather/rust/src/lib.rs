//! Exercise "gather", the Rust side.
//!
//! `load_dashboard(names)` must load every widget at the same time, keep
//! every widget that loaded and report every one that failed, both in the
//! order of `names`.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-gather --example check-gather`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::fmt;
use std::time::Duration;

use exercise_support::Gauge;

/// Why a widget's service failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetError(pub String);

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WidgetError {}

/// What `load_dashboard` hands back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// `(name, widget)` for every widget that loaded, in the order of `names`.
    pub loaded: Vec<(String, String)>,
    /// `(name, error)` for every widget that failed, in the order of `names`.
    pub failed: Vec<(String, WidgetError)>,
}

/// How long each widget's service takes, and whether it is down today.
pub fn service(name: &str) -> (Duration, Option<&'static str>) {
    let (millis, down) = match name {
        "news" => (300, None),
        "weather" => (200, Some("weather service unreachable")),
        "stocks" => (500, None),
        "ads" => (400, Some("ad server too slow")),
        "calendar" => (100, None),
        other => panic!("no widget called {other:?}"),
    };
    (Duration::from_millis(millis), down)
}

// The checks read this to see how many widgets loaded at once; an answer never needs it.
static IN_FLIGHT: Gauge = Gauge::new();

/// One widget's service call (simulated, no network): 100 to 500 ms, and
/// the weather and ads services are down.
///
/// Treat it as a library you cannot change.
pub async fn load_widget(name: String) -> Result<String, WidgetError> {
    let _call = IN_FLIGHT.enter();
    let (latency, down) = service(&name);
    tokio::time::sleep(latency).await;
    match down {
        Some(reason) => Err(WidgetError(reason.to_string())),
        None => Ok(format!("<{name} widget>")),
    }
}
