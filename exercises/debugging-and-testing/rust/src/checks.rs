//! Grades a `test_save_all` by running it against one correct and two broken
//! versions of `save_all`: it must pass the first and fail the others.

use std::future::Future;
use std::sync::Arc;

use exercise_support::{fail, pass};

use crate::{FakeDb, SaveAll, Saving, save_all};

pub use exercise_support::CheckResult;

/// Forgets to await: builds each save and drops it, so nothing is stored.
fn forgetful_save_all(db: Arc<FakeDb>, records: Vec<&'static str>) -> Saving {
    Box::pin(async move {
        for record in records {
            drop(db.save(record));
        }
    })
}

/// Awaits one save after another: 300 ms for three records instead of 100 ms.
fn one_at_a_time_save_all(db: Arc<FakeDb>, records: Vec<&'static str>) -> Saving {
    Box::pin(async move {
        for record in records {
            db.save(record).await;
        }
    })
}

/// Runs the reader's test against each version of `save_all` and reports each check.
pub fn run_checks<F, Fut>(test_save_all: F) -> Vec<CheckResult>
where
    F: Fn(SaveAll) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    // A paused clock makes every timing exact, as virtual time does in the sandbox.
    let verdict = |implementation: SaveAll| {
        exercise_support::paused_runtime().block_on(test_save_all(implementation))
    };
    let good = match verdict(save_all) {
        Ok(()) => pass("passes on a correct save_all", "your test passes".into()),
        Err(why) => fail(
            "passes on a correct save_all",
            format!(
                "against a correct save_all (3 records stored in 100 ms) your test \
                 failed with {why:?}. A test that fails on correct code only cries wolf"
            ),
        ),
    };
    let forgetful = match verdict(forgetful_save_all) {
        Err(_) => pass("catches a forgotten await", "your test failed it".into()),
        Ok(()) => fail(
            "catches a forgotten await",
            "your test passed a save_all that stores nothing (it drops each save \
             future without awaiting it, so db.rows() stays []). Check the rows"
                .into(),
        ),
    };
    let sequential = match verdict(one_at_a_time_save_all) {
        Err(_) => pass("catches one-at-a-time saves", "your test failed it".into()),
        Ok(()) => fail(
            "catches one-at-a-time saves",
            "your test passed a save_all that stores the 3 records one after another, \
             taking 300 ms instead of 100 ms. Time the call with tokio::time::Instant"
                .into(),
        ),
    };
    vec![good, forgetful, sequential]
}
