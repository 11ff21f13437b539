//! Grades a `connection` with four checks, the Rust versions of the Python ones.

use std::sync::Arc;
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::time::{sleep, timeout};

use crate::{Borrowed, Pool};

pub use exercise_support::CheckResult;

/// Runs every check against `connection` and reports each one.
///
/// Each check gets its own single-threaded runtime with a paused clock, so
/// waiting costs no real time and a leak in one check cannot starve the next.
pub fn run_checks<F, Fut, G>(connection: F) -> Vec<CheckResult>
where
    F: Fn(Arc<Pool>) -> Fut,
    Fut: Future<Output = G>,
    G: Borrowed,
{
    vec![
        released_by_hand(&connection),
        released_at_scope_end(&connection),
        released_after_early_return(&connection),
        released_when_cancelled(&connection),
    ]
}

fn released_by_hand<F, Fut, G>(connection: &F) -> CheckResult
where
    F: Fn(Arc<Pool>) -> Fut,
    Fut: Future<Output = G>,
    G: Borrowed,
{
    let name = "release() gives the connection back";
    let pool = Pool::new(2);
    let outcome = run(&exercise_support::paused_runtime(), "the code", async {
        let conn = connection(Arc::clone(&pool)).await;
        let borrowed = pool.borrowed();
        let held = conn.name().to_string();
        conn.release();
        (held, borrowed)
    });
    let (held, borrowed) = match outcome {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    if borrowed != [held.clone()] {
        return fail(
            name,
            format!(
                "while the guard was alive, the pool had lent out {borrowed:?}, but the guard \
                 said its connection was {held:?}: borrow it with pool.acquire().await"
            ),
        );
    }
    verdict(name, &pool, "after release()")
}

fn released_at_scope_end<F, Fut, G>(connection: &F) -> CheckResult
where
    F: Fn(Arc<Pool>) -> Fut,
    Fut: Future<Output = G>,
    G: Borrowed,
{
    let name = "goes back when the guard goes out of scope";
    let pool = Pool::new(2);
    let outcome = run(&exercise_support::paused_runtime(), "the code", async {
        let conn = connection(Arc::clone(&pool)).await;
        sleep(Duration::from_millis(100)).await;
        let _ = conn.name();
    }); // `conn` is dropped here, without release()
    match outcome {
        Err(why) => fail(name, why),
        Ok(()) => verdict(
            name,
            &pool,
            "after the guard went out of scope without a release() call",
        ),
    }
}

/// A query that fails, so the `?` after it returns early.
async fn failing_query(_conn: &str) -> Result<(), String> {
    sleep(Duration::from_millis(100)).await;
    Err("syntax error".into())
}

fn released_after_early_return<F, Fut, G>(connection: &F) -> CheckResult
where
    F: Fn(Arc<Pool>) -> Fut,
    Fut: Future<Output = G>,
    G: Borrowed,
{
    let name = "goes back after an early return by `?`";
    let pool = Pool::new(2);
    let outcome = run(&exercise_support::paused_runtime(), "the code", async {
        let query = async {
            let conn = connection(Arc::clone(&pool)).await;
            failing_query(conn.name()).await?;
            conn.release(); // never reached: `?` returned first
            Ok::<(), String>(())
        };
        query.await
    });
    match outcome {
        Err(why) => fail(name, why),
        Ok(_) => verdict(name, &pool, "after a query failed and `?` returned early"),
    }
}

fn released_when_cancelled<F, Fut, G>(connection: &F) -> CheckResult
where
    F: Fn(Arc<Pool>) -> Fut,
    Fut: Future<Output = G>,
    G: Borrowed,
{
    let name = "goes back when the future holding it is cancelled";
    let pool = Pool::new(2);
    let outcome = run(&exercise_support::paused_runtime(), "the code", async {
        let slow_query = async {
            let conn = connection(Arc::clone(&pool)).await;
            sleep(Duration::from_secs(10)).await;
            conn.release();
        };
        // The timeout drops the future mid-sleep: tokio's way to cancel.
        timeout(Duration::from_millis(100), slow_query)
            .await
            .is_err()
    });
    match outcome {
        Err(why) => fail(name, why),
        Ok(cancelled) => {
            assert!(cancelled, "the query sleeps far longer than the timeout");
            verdict(
                name,
                &pool,
                "after a timeout cancelled the future holding the guard",
            )
        }
    }
}

/// Passes when nothing is still borrowed; otherwise says what leaked.
fn verdict(name: &'static str, pool: &Pool, when: &str) -> CheckResult {
    let borrowed = pool.borrowed();
    if borrowed.is_empty() {
        return pass(
            name,
            format!("every connection was back in the pool {when}"),
        );
    }
    let free = pool.size() - borrowed.len();
    fail(
        name,
        format!(
            "{when}, {borrowed:?} was still borrowed: {free} of {} connections left in the \
             pool. Nothing gave it back, because the guard was dropped without a \
             release() call. Implement Drop for the guard so dropping it gives the \
             connection back",
            pool.size(),
        ),
    )
}
