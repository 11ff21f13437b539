//! Exercise "Debugging and testing async code", the Rust side.
//!
//! `save_all(db, records)` stores every record, running the saves
//! concurrently. Your job is the test: `test_save_all(save_all)` must return
//! `Ok(())` for a correct `save_all` and `Err(why)` for a broken one.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-debugging-and-testing --example check-debugging-and-testing`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the simulated database takes to store one record.
pub const SAVE_TIME: Duration = Duration::from_millis(100);

/// A simulated database (no network): each save takes 100 ms.
#[derive(Debug, Default)]
pub struct FakeDb {
    rows: Mutex<Vec<&'static str>>,
}

impl FakeDb {
    pub async fn save(&self, record: &'static str) {
        tokio::time::sleep(SAVE_TIME).await;
        self.rows.lock().unwrap().push(record);
    }

    /// The records stored so far, in the order the saves finished.
    pub fn rows(&self) -> Vec<&'static str> {
        self.rows.lock().unwrap().clone()
    }
}

/// A boxed future, so correct and broken versions of `save_all` share one type.
pub type Saving = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Any version of `save_all`: the correct one below, or a broken one from the checks.
pub type SaveAll = fn(Arc<FakeDb>, Vec<&'static str>) -> Saving;

/// The code under test, and correct: all saves at once, so three records take 100 ms.
pub fn save_all(db: Arc<FakeDb>, records: Vec<&'static str>) -> Saving {
    Box::pin(async move {
        let saves: Vec<_> = records
            .into_iter()
            .map(|record| {
                let db = Arc::clone(&db);
                tokio::spawn(async move { db.save(record).await })
            })
            .collect();
        for save in saves {
            save.await.expect("a save panicked");
        }
    })
}
