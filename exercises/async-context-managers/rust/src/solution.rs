//! One answer. Try the starter before reading it.

use std::sync::Arc;

use crate::{Borrowed, Pool};

/// A connection borrowed from `pool`.
pub struct Pooled {
    pool: Arc<Pool>,
    conn: Option<String>,
}

pub async fn connection(pool: Arc<Pool>) -> Pooled {
    let conn = pool.acquire().await;
    Pooled {
        pool,
        conn: Some(conn),
    }
}

impl Borrowed for Pooled {
    fn name(&self) -> &str {
        self.conn.as_deref().expect("present until given back")
    }

    fn release(self) {
        drop(self); // Drop gives it back
    }
}

/// Runs on every way out of the scope that owns the guard: its normal end,
/// an early `return` or `?`, a panic, and a future dropped mid-`.await`
/// (which is how tokio cancels). Giving the connection back needs no
/// `.await`, so Drop can do it.
impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.release(conn);
        }
    }
}
