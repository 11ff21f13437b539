//! One answer. Try the starter before reading it.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::{FakeDb, SaveAll};

pub async fn test_save_all(save_all: SaveAll) -> Result<(), String> {
    let db = Arc::new(FakeDb::default());
    let start = Instant::now();
    save_all(Arc::clone(&db), vec!["a", "b", "c"]).await;
    // On a paused clock this is exact: 100 ms when the saves overlap.
    let elapsed = start.elapsed();
    let mut rows = db.rows();
    rows.sort_unstable();
    if rows != ["a", "b", "c"] {
        return Err(format!(
            "expected rows [\"a\", \"b\", \"c\"], found {rows:?}"
        ));
    }
    if elapsed >= Duration::from_millis(150) {
        return Err(format!(
            "three saves took {elapsed:?}; together they take 100ms"
        ));
    }
    Ok(())
}
