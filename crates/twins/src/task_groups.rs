//! Structured concurrency: the tokio twin of the TaskGroup chapter.
//!
//! Tokio has no `TaskGroup` and no exception groups. Its nearest thing to a
//! task group is `JoinSet`: it owns the tasks spawned into it, aborts them
//! when it is dropped, and `shutdown` aborts them and waits until they have
//! stopped. An aborted task is not sent an exception: its future is dropped
//! at the `.await` where it was waiting, so a drop guard stands in for
//! Python's `except asyncio.CancelledError`.
//!
//! Three pairs, with the Python pairs' numbers: loose tasks that finish
//! at 0.30 s and 0.50 s after the page failed at 0.10 s, against a set that
//! aborts them at 0.10 s; one failure reported against all three that
//! happened at 0.10 s; a page lost at 0.10 s against a page served at
//! 0.30 s with a fallback.
//!
//! Run its tests with `cargo test -p tokio-twins task_groups`.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

pub use crate::event_log::Log;

/// Records a cancellation if the future holding it is dropped before it is disarmed.
struct OnCancel {
    log: Log,
    what: String,
    armed: bool,
}

impl OnCancel {
    fn new(log: &Log, what: String) -> Self {
        Self {
            log: log.clone(),
            what,
            armed: true,
        }
    }

    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for OnCancel {
    fn drop(&mut self) {
        if self.armed {
            self.log.say(std::mem::take(&mut self.what));
        }
    }
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

// ANCHOR: load
/// The parts of the page and how long the simulated backend takes for each.
pub const PARTS: [(&str, u64); 4] = [
    ("profile", 50),
    ("recommendations", 100),
    ("orders", 300),
    ("ads", 500),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError(pub String);

pub async fn load(part: &'static str, millis: u64, log: Log) -> Result<(), PageError> {
    // Dropped without being disarmed = aborted while waiting: the twin of
    // Python's `except asyncio.CancelledError`.
    let cancelled = OnCancel::new(&log, format!("{part} cancelled"));
    sleep(ms(millis)).await;
    cancelled.disarm();
    if part == "recommendations" {
        return Err(PageError(format!("{part} service is down")));
    }
    log.say(format!("{part} loaded"));
    Ok(())
}
// ANCHOR_END: load

// ANCHOR: siblings_wrong
pub async fn render_page_loose(log: &Log) -> Result<(), PageError> {
    let handles: Vec<_> = PARTS
        .iter()
        .map(|&(part, millis)| tokio::spawn(load(part, millis, log.clone())))
        .collect();
    for handle in handles {
        // `?` returns at the first failure and drops the other handles, but
        // dropping a JoinHandle detaches its task: the other parts run on.
        handle.await.expect("a part panicked")?;
    }
    Ok(())
}
// ANCHOR_END: siblings_wrong

// ANCHOR: siblings_correct
pub async fn render_page(log: &Log) -> Result<(), PageError> {
    let mut parts = JoinSet::new();
    for &(part, millis) in &PARTS {
        parts.spawn(load(part, millis, log.clone()));
    }
    while let Some(joined) = parts.join_next().await {
        if let Err(error) = joined.expect("a part panicked") {
            // Like TaskGroup: abort the siblings, and wait until they have stopped.
            parts.shutdown().await;
            return Err(error);
        }
    }
    Ok(())
}
// ANCHOR_END: siblings_correct

// ANCHOR: check
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CheckError {
    /// The user can fix it: Python's `ValueError`.
    Invalid(String),
    /// Try again later: Python's `ConnectionError`.
    Unavailable(String),
}

/// Each field of the form, its value, and how long its (simulated) check takes.
pub const FORM: [(&str, &str, u64); 4] = [
    ("username", "al", 100),
    ("email", "al.com", 100),
    ("captcha", "x7", 100),
    ("password", "hunter2", 300),
];

pub async fn check(field: &str, value: &str, millis: u64) -> Result<(), CheckError> {
    sleep(ms(millis)).await;
    match field {
        "username" if value.len() < 3 => Err(CheckError::Invalid(format!(
            "username '{value}' is too short"
        ))),
        "email" if !value.contains('@') => {
            Err(CheckError::Invalid(format!("email '{value}' has no @")))
        }
        "captcha" => Err(CheckError::Unavailable(
            "captcha service did not answer".into(),
        )),
        "password" if value == "hunter2" => Err(CheckError::Invalid(
            "password appears in a known breach".into(),
        )),
        _ => Ok(()),
    }
}

fn spawn_checks() -> JoinSet<Result<(), CheckError>> {
    let mut checks = JoinSet::new();
    for (field, value, millis) in FORM {
        checks.spawn(check(field, value, millis));
    }
    checks
}
// ANCHOR_END: check

// ANCHOR: except_star_wrong
pub async fn sign_up_first_error() -> Result<(), Vec<CheckError>> {
    let mut checks = spawn_checks();
    while let Some(joined) = checks.join_next().await {
        // Returns the first failure; the others that happened at the same
        // moment are dropped with the set, unread.
        joined
            .expect("a check panicked")
            .map_err(|error| vec![error])?;
    }
    Ok(())
}
// ANCHOR_END: except_star_wrong

// ANCHOR: except_star_correct
pub async fn sign_up() -> Result<(), Vec<CheckError>> {
    let mut checks = spawn_checks();
    let mut errors = Vec::new();
    while let Some(joined) = checks.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                errors.push(error);
                // Like TaskGroup: stop the checks still running, but keep
                // collecting the failures that have already happened.
                checks.abort_all();
            }
            Err(aborted) if aborted.is_cancelled() => {}
            Err(panicked) => std::panic::resume_unwind(panicked.into_panic()),
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    // The twin of except*: one Vec, split by kind, and every kind handled.
    errors.sort();
    Err(errors)
}
// ANCHOR_END: except_star_correct

// ANCHOR: part
/// The parts of the second page, in display order, and their latencies.
pub const PAGE: [(&str, u64); 3] = [("profile", 50), ("ads", 100), ("orders", 300)];

pub async fn load_part(part: &'static str, millis: u64) -> Result<String, PageError> {
    sleep(ms(millis)).await;
    if part == "ads" {
        return Err(PageError("ad server is down".into()));
    }
    Ok(format!("<{part}>"))
}

/// Waits for every part, aborting the rest at the first failure, and
/// returns the parts in display order.
async fn assemble(
    mut parts: JoinSet<(usize, Result<String, PageError>)>,
) -> Result<Vec<String>, PageError> {
    let mut page = Vec::new();
    while let Some(joined) = parts.join_next().await {
        match joined.expect("a part panicked") {
            (index, Ok(html)) => page.push((index, html)),
            (_, Err(error)) => return Err(error), // dropping `parts` aborts the others
        }
    }
    page.sort();
    Ok(page.into_iter().map(|(_, html)| html).collect())
}
// ANCHOR_END: part

// ANCHOR: optional_wrong
pub async fn render_without_fallback() -> Result<Vec<String>, PageError> {
    let mut parts = JoinSet::new();
    for (index, (part, millis)) in PAGE.into_iter().enumerate() {
        // The ads error goes to the set like any other, and sinks the page.
        parts.spawn(async move { (index, load_part(part, millis).await) });
    }
    assemble(parts).await
}
// ANCHOR_END: optional_wrong

// ANCHOR: optional_correct
pub async fn render_with_fallback() -> Result<Vec<String>, PageError> {
    let mut parts = JoinSet::new();
    for (index, (part, millis)) in PAGE.into_iter().enumerate() {
        parts.spawn(async move {
            let html = load_part(part, millis).await;
            // A failure the page can live with stays inside its own task.
            let html = if part == "ads" {
                Ok(html.unwrap_or_else(|_| "<no ads>".into()))
            } else {
                html
            };
            (index, html)
        });
    }
    assemble(parts).await
}
// ANCHOR_END: optional_correct

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn event(millis: u64, what: &str) -> (Duration, String) {
        (ms(millis), what.to_string())
    }

    #[tokio::test(start_paused = true)]
    async fn siblings_wrong_leaves_the_other_parts_running() {
        let log = Log::start();

        let outcome = render_page_loose(&log).await;

        assert_eq!(
            outcome,
            Err(PageError("recommendations service is down".into()))
        );
        assert_eq!(log.elapsed(), ms(100));
        // The server goes on serving other pages, and the orphans finish.
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            log.events_by_time(),
            [
                event(50, "profile loaded"),
                event(300, "orders loaded"),
                event(500, "ads loaded"),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn siblings_correct_cancels_the_unfinished_parts_at_once() {
        let log = Log::start();

        let outcome = render_page(&log).await;

        assert_eq!(
            outcome,
            Err(PageError("recommendations service is down".into()))
        );
        assert_eq!(log.elapsed(), ms(100));
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            log.events_by_time(),
            [
                event(50, "profile loaded"),
                event(100, "ads cancelled"),
                event(100, "orders cancelled"),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn except_star_wrong_reports_only_one_failure() {
        let start = Instant::now();

        let errors = sign_up_first_error()
            .await
            .expect_err("the form is invalid");

        assert_eq!(start.elapsed(), ms(100));
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn except_star_correct_reports_every_failure_of_that_moment() {
        let start = Instant::now();

        let errors = sign_up().await.expect_err("the form is invalid");

        assert_eq!(start.elapsed(), ms(100));
        // The password check would fail at 0.3 s, but it was aborted at 0.1 s.
        assert_eq!(
            errors,
            [
                CheckError::Invalid("email 'al.com' has no @".into()),
                CheckError::Invalid("username 'al' is too short".into()),
                CheckError::Unavailable("captcha service did not answer".into()),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn optional_wrong_loses_the_page_to_the_ads() {
        let start = Instant::now();

        let page = render_without_fallback().await;

        assert_eq!(page, Err(PageError("ad server is down".into())));
        assert_eq!(start.elapsed(), ms(100));
    }

    #[tokio::test(start_paused = true)]
    async fn optional_correct_serves_the_page_without_ads() {
        let start = Instant::now();

        let page = render_with_fallback().await;

        assert_eq!(
            page,
            Ok(vec![
                "<profile>".into(),
                "<no ads>".into(),
                "<orders>".into()
            ])
        );
        assert_eq!(start.elapsed(), ms(300));
    }
}
