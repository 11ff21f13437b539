//! Grades a `load_dashboard` with the four checks of the Python exercise.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::{Instant, sleep, timeout};

use crate::{Loader, WIDGET_TIMEOUT};

pub use exercise_support::CheckResult;

/// A widget far slower than its deadline.
const SLOW: Duration = Duration::from_millis(600);
/// The caller's own deadline in the cancellation check, shorter than a widget's.
const CALLER_TIMEOUT: Duration = Duration::from_millis(100);
/// Slack for a busy machine: these checks run on the real clock.
const SLACK: Duration = Duration::from_millis(80);

type Page = Vec<(&'static str, Option<String>)>;

/// Runs every check against `load_dashboard` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop.
pub fn run_checks<F, Fut>(load_dashboard: F) -> Vec<CheckResult>
where
    F: Fn(Vec<(&'static str, Loader)>) -> Fut,
    Fut: Future<Output = Page>,
{
    let runtime = exercise_support::runtime();
    vec![
        returns_every_widget(&runtime, &load_dashboard),
        slow_widget_costs_its_deadline(&runtime, &load_dashboard),
        late_widget_is_dropped(&runtime, &load_dashboard),
        dropping_the_dashboard_drops_the_widgets(&runtime, &load_dashboard),
    ]
}

/// What became of one simulated widget, in time since the check started.
#[derive(Debug, Default, Clone, Copy)]
struct Fate {
    finished: Option<Duration>,
    dropped_unfinished: Option<Duration>,
}

struct Widget {
    name: &'static str,
    took: Duration,
    fate: Arc<Mutex<Fate>>,
}

/// Notes, when a loader is dropped, whether it had finished.
struct Watch {
    fate: Arc<Mutex<Fate>>,
    start: Instant,
    finished: bool,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let mut fate = self.fate.lock().unwrap_or_else(PoisonError::into_inner);
        if self.finished {
            fate.finished = Some(self.start.elapsed());
        } else {
            fate.dropped_unfinished = Some(self.start.elapsed());
        }
    }
}

impl Widget {
    fn new(name: &'static str, took: Duration) -> Self {
        Self {
            name,
            took,
            fate: Arc::default(),
        }
    }

    fn loader(&self, start: Instant) -> (&'static str, Loader) {
        let (name, took) = (self.name, self.took);
        // Made before the loader first runs, so dropping it unstarted is seen too.
        let watch = Watch {
            fate: Arc::clone(&self.fate),
            start,
            finished: false,
        };
        let loader = Box::pin(async move {
            // Rebinding moves the whole Watch in, not just the field set below.
            let mut watch = watch;
            sleep(took).await;
            watch.finished = true;
            format!("<{name}>")
        });
        (name, loader)
    }

    fn fate(&self) -> Fate {
        *self.fate.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn loaders(widgets: &[Widget], start: Instant) -> Vec<(&'static str, Loader)> {
    widgets.iter().map(|widget| widget.loader(start)).collect()
}

fn returns_every_widget<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<(&'static str, Loader)>) -> Fut,
    Fut: Future<Output = Page>,
{
    let name = "returns every widget, with None for one that missed its deadline";
    let widgets = [
        Widget::new("profile", Duration::from_millis(40)),
        Widget::new("orders", Duration::from_millis(60)),
        Widget::new("recommendations", SLOW),
    ];
    let page = match run(runtime, "load_dashboard", async {
        load_dashboard(loaders(&widgets, Instant::now())).await
    }) {
        Ok(page) => page,
        Err(why) => return fail(name, why),
    };
    let expected: Page = vec![
        ("profile", Some("<profile>".to_string())),
        ("orders", Some("<orders>".to_string())),
        ("recommendations", None),
    ];
    if page == expected {
        pass(name, "every widget came back, in order".into())
    } else {
        fail(
            name,
            format!(
                "with widgets taking 40 ms, 60 ms and {} ms, load_dashboard returned \
                 {page:?}; expected {expected:?}: the content of each widget that loads \
                 within WIDGET_TIMEOUT ({} ms), None for the one that doesn't, in the \
                 order of `loaders`",
                SLOW.as_millis(),
                WIDGET_TIMEOUT.as_millis(),
            ),
        )
    }
}

fn slow_widget_costs_its_deadline<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<(&'static str, Loader)>) -> Fut,
    Fut: Future<Output = Page>,
{
    let name = "a slow widget costs no more than its deadline";
    let widgets = [
        Widget::new("profile", Duration::from_millis(40)),
        Widget::new("recommendations", SLOW),
    ];
    let elapsed = match run(runtime, "load_dashboard", async {
        let start = Instant::now();
        load_dashboard(loaders(&widgets, start)).await;
        start.elapsed()
    }) {
        Ok(elapsed) => elapsed,
        Err(why) => return fail(name, why),
    };
    let took = format!(
        "with one widget taking 40 ms and one taking {} ms, load_dashboard took {} ms",
        SLOW.as_millis(),
        elapsed.as_millis()
    );
    if elapsed > WIDGET_TIMEOUT + SLACK {
        fail(
            name,
            format!(
                "{took}; it should give up on the slow one after WIDGET_TIMEOUT and \
                 return in about {} ms",
                WIDGET_TIMEOUT.as_millis()
            ),
        )
    } else if elapsed < Duration::from_millis(40) {
        fail(
            name,
            format!(
                "{took}, before even the fast widget could load: wait for each widget up to its deadline"
            ),
        )
    } else {
        pass(name, took)
    }
}

fn late_widget_is_dropped<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<(&'static str, Loader)>) -> Fut,
    Fut: Future<Output = Page>,
{
    let name = "a widget that misses its deadline is dropped";
    let widgets = [
        Widget::new("profile", Duration::from_millis(40)),
        Widget::new("recommendations", SLOW),
    ];
    let returned = match run(runtime, "load_dashboard", async {
        let start = Instant::now();
        load_dashboard(loaders(&widgets, start)).await;
        let returned = start.elapsed();
        // Time for a loader left running to finish.
        sleep_until_after(start, SLOW + SLACK).await;
        returned
    }) {
        Ok(returned) => returned,
        Err(why) => return fail(name, why),
    };
    let fate = widgets[1].fate();
    match (fate.finished, fate.dropped_unfinished) {
        (Some(finished), _) => fail(
            name,
            format!(
                "the {} ms widget ran to the end, finishing at {} ms (load_dashboard \
                 returned at {} ms). A widget that misses its deadline must be dropped, \
                 which is how a future is cancelled, not just stopped waiting for",
                SLOW.as_millis(),
                finished.as_millis(),
                returned.as_millis(),
            ),
        ),
        (None, Some(dropped)) => pass(
            name,
            format!("the slow widget was dropped at {} ms", dropped.as_millis()),
        ),
        (None, None) => fail(
            name,
            "the slow widget neither finished nor was dropped: something still holds it. \
             Drop it when its deadline passes"
                .into(),
        ),
    }
}

fn dropping_the_dashboard_drops_the_widgets<F, Fut>(
    runtime: &Runtime,
    load_dashboard: &F,
) -> CheckResult
where
    F: Fn(Vec<(&'static str, Loader)>) -> Fut,
    Fut: Future<Output = Page>,
{
    let name = "dropping load_dashboard drops its widgets too";
    let widgets = [
        Widget::new("profile", Duration::from_millis(40)),
        Widget::new("recommendations", SLOW),
    ];
    let outcome = run(runtime, "load_dashboard", async {
        let start = Instant::now();
        // The caller's own deadline drops load_dashboard at 100 ms.
        let gave_up = timeout(CALLER_TIMEOUT, load_dashboard(loaders(&widgets, start)))
            .await
            .is_err();
        sleep_until_after(start, SLOW + SLACK).await;
        gave_up
    });
    let gave_up = match outcome {
        Ok(gave_up) => gave_up,
        Err(why) => return fail(name, why),
    };
    if !gave_up {
        return fail(
            name,
            format!(
                "load_dashboard returned before the caller's {} ms deadline, so this \
                 check could not drop it; it should wait up to WIDGET_TIMEOUT for a \
                 slow widget",
                CALLER_TIMEOUT.as_millis()
            ),
        );
    }
    match widgets[1].fate().finished {
        Some(finished) => fail(
            name,
            format!(
                "the caller dropped load_dashboard at {} ms, but the {} ms widget went on \
                 and finished at {} ms: a task from tokio::spawn is detached, not \
                 cancelled, when its JoinHandle is dropped. Keep the loaders in a JoinSet \
                 (dropping it aborts them) or run them inside load_dashboard's own future",
                CALLER_TIMEOUT.as_millis(),
                SLOW.as_millis(),
                finished.as_millis(),
            ),
        ),
        None => pass(
            name,
            "nothing was left running after the caller gave up".into(),
        ),
    }
}

async fn sleep_until_after(start: Instant, after: Duration) {
    tokio::time::sleep_until(start + after).await;
}
