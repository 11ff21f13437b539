//! Grades a `ProfileStore` with the four checks of the Python exercise.

use std::sync::Arc;
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::{Cache, Database, Profiles, QUERY_TIME};

pub use exercise_support::CheckResult;

/// Slower than this, ten requests for one key did more than one query's wait.
const ONE_QUERY: Duration = Duration::from_millis(800);
/// Slower than this, the query for one key waited for another key's.
const SIDE_BY_SIDE: Duration = Duration::from_millis(900);
/// Slower than this, a warm cache's answer took more than a round trip or two.
const FROM_THE_CACHE: Duration = Duration::from_millis(100);

/// Runs every check against the store type `S` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop,
/// on tokio's paused clock: sleeps finish as soon as every task waits, so the
/// timings are exact and the checks run in a blink.
pub fn run_checks<S: Profiles>() -> Vec<CheckResult> {
    let runtime = exercise_support::paused_runtime();
    vec![
        right_values::<S>(&runtime),
        one_query_per_key::<S>(&runtime),
        keys_side_by_side::<S>(&runtime),
        warm_cache::<S>(&runtime),
    ]
}

/// What one batch of concurrent requests did, on a fresh cache and database.
struct Batch<S> {
    profiles: Vec<String>,
    queried: Vec<String>,
    elapsed: Duration,
    store: Arc<S>,
    db: Arc<Database>,
}

/// Asks a fresh store for every key in `keys` at once, each request in its
/// own task; the profiles come back in the order of `keys`.
fn batch<S: Profiles>(runtime: &Runtime, keys: &[&str]) -> Result<Batch<S>, String> {
    let db = Arc::new(Database::new());
    let store = Arc::new(S::open(Arc::new(Cache::new()), Arc::clone(&db)));
    let (profiles, elapsed) = run(runtime, "get_profile", async {
        let start = Instant::now();
        let mut requests = JoinSet::new();
        for (index, key) in keys.iter().enumerate() {
            let (store, key) = (Arc::clone(&store), key.to_string());
            requests.spawn(async move { (index, store.get_profile(&key).await) });
        }
        let mut answers = requests.join_all().await;
        answers.sort_by_key(|&(index, _)| index);
        let profiles = answers.into_iter().map(|(_, profile)| profile).collect();
        (profiles, start.elapsed())
    })?;
    Ok(Batch {
        profiles,
        queried: db.queried(),
        elapsed,
        store,
        db,
    })
}

fn right_values<S: Profiles>(runtime: &Runtime) -> CheckResult {
    let name = "returns the profile for each key";
    let keys = ["ada", "bob", "ada"];
    let batch = match batch::<S>(runtime, &keys) {
        Ok(batch) => batch,
        Err(why) => return fail(name, why),
    };
    let expected: Vec<String> = keys.iter().map(|key| format!("profile of {key}")).collect();
    if batch.profiles == expected {
        pass(name, "every request got its own key's profile".into())
    } else {
        fail(
            name,
            format!(
                "for {keys:?} got {:?}; expected {expected:?}",
                batch.profiles
            ),
        )
    }
}

fn one_query_per_key<S: Profiles>(runtime: &Runtime) -> CheckResult {
    let name = "10 concurrent requests for one key query the database once";
    let batch = match batch::<S>(runtime, &["ada"; 10]) {
        Ok(batch) => batch,
        Err(why) => return fail(name, why),
    };
    let queries = batch.queried.len();
    let took = secs(batch.elapsed);
    if queries > 1 && batch.elapsed >= 2 * QUERY_TIME {
        fail(
            name,
            format!(
                "10 concurrent get_profile(\"ada\") calls made {queries} database queries, \
                 one after another, in {took}; expected 1. The callers took turns, but each \
                 one queried again on its turn: once you hold the lock, look in the cache \
                 again, since the caller before you may have filled it"
            ),
        )
    } else if queries != 1 {
        fail(
            name,
            format!(
                "10 concurrent get_profile(\"ada\") calls made {queries} database queries in \
                 {took}; expected 1. Each caller saw an empty cache before anyone had filled \
                 it: make the callers who miss wait for the first one (a lock per key), then \
                 look in the cache again"
            ),
        )
    } else if batch.elapsed >= ONE_QUERY {
        fail(
            name,
            format!(
                "one query, but the 10 requests took {took}; one 0.5 s query plus a few \
                 0.01 s cache round trips should take about 0.6 s"
            ),
        )
    } else {
        pass(name, format!("1 query, and all 10 answers in {took}"))
    }
}

fn keys_side_by_side<S: Profiles>(runtime: &Runtime) -> CheckResult {
    let name = "different keys load side by side";
    let mut keys = ["ada"; 10];
    keys[5..].fill("bob");
    let batch = match batch::<S>(runtime, &keys) {
        Ok(batch) => batch,
        Err(why) => return fail(name, why),
    };
    let mut queried = batch.queried.clone();
    queried.sort();
    let took = secs(batch.elapsed);
    if queried != ["ada", "bob"] {
        fail(
            name,
            format!(
                "5 requests for \"ada\" and 5 for \"bob\" queried the keys {queried:?}; \
                 expected exactly [\"ada\", \"bob\"]"
            ),
        )
    } else if batch.elapsed >= SIDE_BY_SIDE {
        fail(
            name,
            format!(
                "\"ada\" and \"bob\" took {took} together, as if bob's query waited for \
                 ada's (about 1.1 s); they should overlap in about 0.6 s. One lock for every \
                 key serialises unrelated keys: keep one lock per key"
            ),
        )
    } else {
        pass(name, format!("one query per key, both done in {took}"))
    }
}

fn warm_cache<S: Profiles>(runtime: &Runtime) -> CheckResult {
    let name = "a warm cache answers without the database";
    let batch = match batch::<S>(runtime, &["ada"]) {
        Ok(batch) => batch,
        Err(why) => return fail(name, why),
    };
    let (store, db) = (batch.store, batch.db);
    let again = run(runtime, "get_profile", async {
        let start = Instant::now();
        store.get_profile("ada").await;
        start.elapsed()
    });
    let elapsed = match again {
        Ok(elapsed) => elapsed,
        Err(why) => return fail(name, why),
    };
    let queries = db.queried().len() - batch.queried.len();
    if queries == 0 && elapsed < FROM_THE_CACHE {
        pass(
            name,
            format!(
                "asked again, \"ada\" came from the cache in {}",
                secs(elapsed)
            ),
        )
    } else {
        fail(
            name,
            format!(
                "asking again for \"ada\" on the same cache made {queries} database {} and \
                 took {}; expected 0 queries and about 0.01 s. Store the profile with \
                 cache.set(key, profile) after loading it",
                if queries == 1 { "query" } else { "queries" },
                secs(elapsed)
            ),
        )
    }
}

fn secs(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}
