//! Grades an `AllItems` with the three checks of the Python exercise.

use std::sync::Arc;

use exercise_support::{fail, pass, run_within};
use tokio::time::{Duration, Instant};

use crate::{ItemStream, PAGE_TIME, PagedApi};

pub use exercise_support::CheckResult;

/// How much simulated time a check waits before calling a stream stuck.
const GIVE_UP_AFTER: Duration = Duration::from_secs(60);

/// Runs every check against the stream `open` builds, and reports each one.
///
/// It builds its own single-threaded runtime on a paused clock: waiting for a
/// page costs no real time, and the times the checks read are exact.
pub fn run_checks<S, F>(open: F) -> Vec<CheckResult>
where
    S: ItemStream,
    F: Fn(Arc<PagedApi>) -> S,
{
    vec![
        every_item_in_order(&open),
        first_item_after_one_page(&open),
        stops_when_the_caller_stops(&open),
    ]
}

fn pages(pages: &[&[&str]]) -> Vec<Vec<String>> {
    pages
        .iter()
        .map(|page| page.iter().map(|item| item.to_string()).collect())
        .collect()
}

fn every_item_in_order<S: ItemStream>(open: &impl Fn(Arc<PagedApi>) -> S) -> CheckResult {
    let name = "yields every item, in order";
    // The middle page is empty on purpose: only the next page number ends the paging.
    let api = Arc::new(PagedApi::new(pages(&[
        &["a", "b"],
        &[],
        &["c"],
        &["d", "e"],
    ])));
    let mut stream = open(Arc::clone(&api));
    let got = match run(async {
        let mut got = Vec::new();
        // A stream that never ends would hang the check: stop well past the end.
        while let Some(item) = stream.next().await {
            got.push(item);
            if got.len() > 10 {
                break;
            }
        }
        got
    }) {
        Ok(got) => got,
        Err(why) => return fail(name, why),
    };
    let expected = ["a", "b", "c", "d", "e"];
    if got != expected {
        return fail(
            name,
            format!(
                "the pages [[a, b], [], [c], [d, e]] gave {got:?}; expected {expected:?}. \
                 An empty page is not the last one: keep going until the next page is None"
            ),
        );
    }
    let requested = api.requested();
    if requested != [0, 1, 2, 3] {
        return fail(
            name,
            format!(
                "reading every item took the page requests {requested:?}; expected each \
                 page once, in order: [0, 1, 2, 3]"
            ),
        );
    }
    pass(
        name,
        "every item came, in order, one request per page".into(),
    )
}

fn first_item_after_one_page<S: ItemStream>(open: &impl Fn(Arc<PagedApi>) -> S) -> CheckResult {
    let name = "the first item comes after one request";
    let api = Arc::new(PagedApi::new(pages(&[
        &["a", "b"],
        &["c", "d"],
        &["e", "f"],
    ])));
    let mut stream = open(Arc::clone(&api));
    let (first, waited) = match run(async {
        let start = Instant::now();
        let first = stream.next().await;
        (first, start.elapsed())
    }) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    if first.as_deref() != Some("a") {
        return fail(
            name,
            format!("the first item was {first:?}; expected Some(\"a\")"),
        );
    }
    let requests = api.requested().len();
    if waited > PAGE_TIME {
        return fail(
            name,
            format!(
                "the first item took {} and {requests} {}; one page takes {}, so it should \
                 be ready after one request. Return a page's items before asking for the next",
                secs(waited),
                plural(requests, "request", "requests"),
                secs(PAGE_TIME),
            ),
        );
    }
    pass(name, format!("the first item came after {}", secs(waited)))
}

fn stops_when_the_caller_stops<S: ItemStream>(open: &impl Fn(Arc<PagedApi>) -> S) -> CheckResult {
    let name = "a caller that stops early pays only for the pages it read";
    let five_pages: Vec<Vec<String>> = (0..5)
        .map(|page| (1..=2).map(|n| format!("item{}", 2 * page + n)).collect())
        .collect();
    let api = Arc::new(PagedApi::new(five_pages));
    let mut stream = open(Arc::clone(&api));
    let taken = match run(async {
        let mut taken = Vec::new();
        while taken.len() < 3 {
            match stream.next().await {
                Some(item) => taken.push(item),
                None => break,
            }
        }
        taken
    }) {
        Ok(taken) => taken,
        Err(why) => return fail(name, why),
    };
    if taken != ["item1", "item2", "item3"] {
        return fail(
            name,
            format!(
                "the first three items were {taken:?}; expected [\"item1\", \"item2\", \"item3\"]"
            ),
        );
    }
    let requested = api.requested();
    if requested.len() != 2 {
        return fail(
            name,
            format!(
                "a caller that read 3 items of 2-item pages caused {} {} ({requested:?}); \
                 expected 2: pages 0 and 1. Ask for the next page only when the caller \
                 wants an item the pages so far do not have",
                requested.len(),
                plural(requested.len(), "request", "requests"),
            ),
        );
    }
    pass(name, "reading 3 items cost 2 page requests".into())
}

/// Runs a reader's future on a fresh paused runtime, turning a panic into a
/// failure message instead of a crash.
fn run<T>(future: impl Future<Output = T>) -> Result<T, String> {
    // A stream that keeps requesting pages would otherwise run forever.
    run_within(
        &exercise_support::paused_runtime(),
        "next()",
        GIVE_UP_AFTER,
        future,
        || {
            format!(
                "the check was still waiting after {} of simulated time: does next() \
                 return once the last page (next page None) is used up?",
                secs(GIVE_UP_AFTER)
            )
        },
    )
}

fn secs(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
