//! Your starting point. It compiles, but the checks fail: run
//! `cargo run -p exercise-async-context-managers --example check-async-context-managers`.

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

    // TODO: the connection goes back only when the code calls release().
    // An early return, a `?` or a cancelled future drops the guard without
    // calling it, and the pool loses the connection. Give it back when the
    // guard is dropped, whichever way that happens.
    fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.release(conn);
        }
    }
}
