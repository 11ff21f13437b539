//! The async library ecosystem: the tokio twin of the Python chapter.
//!
//! `reqwest`, `sqlx` and the `redis` crate are not dependencies of the book,
//! so, like the Python programs, this module simulates the services with
//! plain tokio and the same virtual costs: a 0.1 s handshake and a 0.2 s
//! answer per HTTP request, a 0.5 s query on a five-connection pool, and
//! 0.01 s per cache round trip. The numbers match the Python pairs: 1.50 s
//! and 5 connections against 1.10 s and 1, and 10 queries in 1.02 s against
//! 1 query in 0.62 s.
//!
//! Run its tests with `cargo test -p tokio-twins ecosystem`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use tokio::sync::{Mutex, Semaphore};

/// Simulated HTTP client, shaped like `reqwest::Client`: idle connections are reused.
#[derive(Debug, Default)]
pub struct Client {
    idle: AtomicUsize,
    pub opened: Arc<AtomicUsize>,
}

impl Client {
    pub fn new(opened: Arc<AtomicUsize>) -> Self {
        Self {
            idle: AtomicUsize::new(0),
            opened,
        }
    }

    pub async fn get(&self, page: u32) -> u32 {
        let reused = self
            .idle
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if !reused {
            self.opened.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await; // TCP + TLS handshake
        }
        tokio::time::sleep(Duration::from_millis(200)).await; // the server answers
        self.idle.fetch_add(1, Ordering::SeqCst);
        page
    }
}

// ANCHOR: session_wrong
pub async fn pages_client_per_request(opened: &Arc<AtomicUsize>) -> Vec<u32> {
    let mut pages = Vec::new();
    for n in 1..=5 {
        // A new client per request: its connection pool starts empty every time.
        let client = Client::new(Arc::clone(opened));
        pages.push(client.get(n).await);
    }
    pages
}
// ANCHOR_END: session_wrong

// ANCHOR: session_correct
pub async fn pages_shared_client(opened: &Arc<AtomicUsize>) -> Vec<u32> {
    // One client for the whole program: the connection stays open between pages.
    let client = Client::new(Arc::clone(opened));
    let mut pages = Vec::new();
    for n in 1..=5 {
        pages.push(client.get(n).await);
    }
    pages
}
// ANCHOR_END: session_correct

/// Simulated database pool, shaped like an sqlx/asyncpg pool with five connections.
#[derive(Debug)]
pub struct Pool {
    slots: Semaphore,
    pub queries: AtomicUsize,
}

impl Pool {
    pub fn new(max_size: usize) -> Self {
        Self {
            slots: Semaphore::new(max_size),
            queries: AtomicUsize::new(0),
        }
    }

    pub async fn fetch_stats(&self, key: &str) -> String {
        let _conn = self.slots.acquire().await.expect("pool closed"); // pool.acquire()
        self.queries.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(500)).await; // a slow aggregate query
        format!("{key}: 42 orders")
    }
}

/// Simulated cache, shaped like a Redis client: each call is a 0.01 s round trip.
#[derive(Debug, Default)]
pub struct Cache {
    data: StdMutex<HashMap<String, String>>,
}

impl Cache {
    pub async fn get(&self, key: &str) -> Option<String> {
        tokio::time::sleep(Duration::from_millis(10)).await;
        self.data.lock().expect("poisoned").get(key).cloned()
    }

    pub async fn set(&self, key: &str, value: String) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        self.data
            .lock()
            .expect("poisoned")
            .insert(key.into(), value);
    }
}

// ANCHOR: herd_wrong
pub async fn order_stats_herd(pool: &Pool, cache: &Cache, key: &str) -> String {
    if let Some(value) = cache.get(key).await {
        return value;
    }
    // Every concurrent miss goes to the database.
    let value = pool.fetch_stats(key).await;
    cache.set(key, value.clone()).await;
    value
}
// ANCHOR_END: herd_wrong

// ANCHOR: herd_correct
/// One async lock per key; the std mutex guards only the map, never an await.
#[derive(Debug, Default)]
pub struct KeyLocks(StdMutex<HashMap<String, Arc<Mutex<()>>>>);

impl KeyLocks {
    fn for_key(&self, key: &str) -> Arc<Mutex<()>> {
        let mut locks = self.0.lock().expect("poisoned");
        Arc::clone(locks.entry(key.into()).or_default())
    }
}

pub async fn order_stats(pool: &Pool, cache: &Cache, locks: &KeyLocks, key: &str) -> String {
    if let Some(value) = cache.get(key).await {
        return value;
    }
    let lock = locks.for_key(key);
    let _guard = lock.lock().await;
    // Someone may have filled the cache while we waited for the lock.
    if let Some(value) = cache.get(key).await {
        return value;
    }
    let value = pool.fetch_stats(key).await;
    cache.set(key, value.clone()).await;
    value
}
// ANCHOR_END: herd_correct

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn session_per_request_opens_five_connections() {
        let opened = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        assert_eq!(pages_client_per_request(&opened).await, [1, 2, 3, 4, 5]);
        assert_eq!(start.elapsed(), Duration::from_millis(1500));
        assert_eq!(opened.load(Ordering::SeqCst), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn shared_session_opens_one_connection() {
        let opened = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        assert_eq!(pages_shared_client(&opened).await, [1, 2, 3, 4, 5]);
        assert_eq!(start.elapsed(), Duration::from_millis(1100));
        assert_eq!(opened.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn herd_sends_ten_queries() {
        let (pool, cache) = (Pool::new(5), Cache::default());
        let start = Instant::now();
        let calls = (0..10).map(|_| order_stats_herd(&pool, &cache, "shop-7"));
        let answers = futures_join_all(calls).await;
        assert!(answers.iter().all(|a| a == "shop-7: 42 orders"));
        assert_eq!(pool.queries.load(Ordering::SeqCst), 10);
        assert_eq!(start.elapsed(), Duration::from_millis(1020));
    }

    #[tokio::test(start_paused = true)]
    async fn lock_per_key_sends_one_query() {
        let (pool, cache, locks) = (Pool::new(5), Cache::default(), KeyLocks::default());
        let start = Instant::now();
        let calls = (0..10).map(|_| order_stats(&pool, &cache, &locks, "shop-7"));
        let answers = futures_join_all(calls).await;
        assert!(answers.iter().all(|a| a == "shop-7: 42 orders"));
        assert_eq!(pool.queries.load(Ordering::SeqCst), 1);
        assert_eq!(start.elapsed(), Duration::from_millis(620));
    }

    /// `join_all` without the futures crate: polls every future inside one task, like gather.
    async fn futures_join_all<F: Future<Output = String>>(
        futures: impl Iterator<Item = F>,
    ) -> Vec<String> {
        let mut pinned: Vec<_> = futures.map(Box::pin).collect();
        let mut done: Vec<Option<String>> = vec![None; pinned.len()];
        std::future::poll_fn(|cx| {
            let mut pending = false;
            for (slot, future) in done.iter_mut().zip(pinned.iter_mut()) {
                if slot.is_none() {
                    match future.as_mut().poll(cx) {
                        std::task::Poll::Ready(v) => *slot = Some(v),
                        std::task::Poll::Pending => pending = true,
                    }
                }
            }
            if pending {
                std::task::Poll::Pending
            } else {
                std::task::Poll::Ready(())
            }
        })
        .await;
        done.into_iter().map(|v| v.expect("finished")).collect()
    }
}
