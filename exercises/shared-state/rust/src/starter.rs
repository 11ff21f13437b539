//! Your starting point. It compiles and sells apples, but the checks fail:
//! run `cargo run -p exercise-shared-state --example check-shared-state`.

use std::sync::Arc;

use crate::{Shop, Warehouse};

pub struct MyShop {
    warehouse: Arc<Warehouse>,
    // TODO: nothing here stops two purchases from overlapping.
}

impl Shop for MyShop {
    fn open(warehouse: Arc<Warehouse>) -> Self {
        Self { warehouse }
    }

    async fn buy(&self, item: &'static str) -> bool {
        // TODO: other purchases run during these .awaits, so several of them
        // can read the same count. Purchases of one item must take turns;
        // purchases of different items must not wait for each other.
        let count = self.warehouse.count(item).await;
        if count == 0 {
            return false;
        }
        self.warehouse.set_count(item, count - 1).await;
        true
    }
}
