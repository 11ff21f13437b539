//! One answer. Try the starter before reading it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::{Cache, Database, Profiles};

pub struct ProfileStore {
    cache: Arc<Cache>,
    db: Arc<Database>,
    // One async lock per key: a herd on "ada" queues on ada's lock, "bob" does
    // not wait for it. The std Mutex guards only the map, never an .await.
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl ProfileStore {
    fn lock_for(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(locks.entry(key.to_string()).or_default())
    }
}

impl Profiles for ProfileStore {
    fn open(cache: Arc<Cache>, db: Arc<Database>) -> Self {
        Self {
            cache,
            db,
            locks: Mutex::default(),
        }
    }

    async fn get_profile(&self, key: &str) -> String {
        if let Some(profile) = self.cache.get(key).await {
            return profile;
        }
        let lock = self.lock_for(key);
        let _turn = lock.lock().await;
        // Filled while we waited for the lock? Then no query.
        if let Some(profile) = self.cache.get(key).await {
            return profile;
        }
        let profile = self.db.fetch(key).await;
        self.cache.set(key, profile.clone()).await;
        profile
    }
}
