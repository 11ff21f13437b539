//! Your starting point. It compiles, returns the right profiles and uses the
//! cache, but the checks fail: run
//! `cargo run -p exercise-ecosystem --example check-ecosystem`.

use std::sync::Arc;

use crate::{Cache, Database, Profiles};

pub struct ProfileStore {
    cache: Arc<Cache>,
    db: Arc<Database>,
    // TODO: nothing here lets one caller wait for another's query.
}

impl Profiles for ProfileStore {
    fn open(cache: Arc<Cache>, db: Arc<Database>) -> Self {
        Self { cache, db }
    }

    async fn get_profile(&self, key: &str) -> String {
        if let Some(profile) = self.cache.get(key).await {
            return profile;
        }
        // TODO: ten callers who ask for the same key at once all miss the
        // empty cache, and all ten query the database. Make one of them
        // query while the others wait for it, then read the cache; callers
        // for a different key must not wait.
        let profile = self.db.fetch(key).await;
        self.cache.set(key, profile.clone()).await;
        profile
    }
}
