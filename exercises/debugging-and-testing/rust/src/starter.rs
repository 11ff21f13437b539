//! Your starting point. It compiles, but the checks fail: run
//! `cargo run -p exercise-debugging-and-testing --example check-debugging-and-testing`.

use std::sync::Arc;

use crate::{FakeDb, SaveAll};

/// Returns `Ok(())` when `save_all` behaves, `Err(why)` when it does not.
pub async fn test_save_all(save_all: SaveAll) -> Result<(), String> {
    let db = Arc::new(FakeDb::default());
    save_all(Arc::clone(&db), vec!["a", "b", "c"]).await;
    // TODO: this test checks nothing, so it passes whatever save_all does.
    // Fail when records are missing, and when the saves run one at a time.
    Ok(())
}
