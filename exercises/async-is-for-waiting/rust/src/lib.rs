//! Exercise "Async is for waiting", the Rust side.
//!
//! `make_thumbnails(names)` must download every image (waiting) and resize
//! it (computing): the downloads should wait together, the resizes should
//! run side by side off the runtime's thread, and the thumbnails should come
//! back in the order of `names`.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-async-is-for-waiting --example check-async-is-for-waiting`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::time::Duration;

use exercise_support::Gauge;

/// How long the simulated image store takes to send one image.
pub const DOWNLOAD_TIME: Duration = Duration::from_millis(300);
/// How long resizing one image keeps a core busy.
pub const RESIZE_TIME: Duration = Duration::from_millis(200);

// The checks read these to see how much overlapped; an answer never needs them.
static DOWNLOADING: Gauge = Gauge::new();
static RESIZING: Gauge = Gauge::new();

/// A simulated image store (no network): every download waits 0.3 s.
pub async fn download(name: &str) -> String {
    let _downloading = DOWNLOADING.enter();
    tokio::time::sleep(DOWNLOAD_TIME).await;
    format!("{name}.raw")
}

/// Pure CPU work: 0.2 s of computing per image, with nothing to wait for.
///
/// Treat it, like `download`, as a library function you cannot change.
pub fn resize(raw: &str) -> String {
    let _resizing = RESIZING.enter();
    let deadline = std::time::Instant::now() + RESIZE_TIME;
    let mut state = 1_u64;
    while std::time::Instant::now() < deadline {
        state = std::hint::black_box(
            state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1),
        );
    }
    raw.replace(".raw", ".thumb")
}

fn reset_peaks() {
    DOWNLOADING.reset();
    RESIZING.reset();
}
