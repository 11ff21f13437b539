//! Bounded concurrency: the tokio twin of the Python chapter.
//!
//! Five wrong/correct pairs. Spawning every request at once overloads a
//! server that serves ten at a time (peak 100 against peak 10); batches wait
//! for their slowest item (2.00 s against 0.90 s with a semaphore); a
//! semaphore limits requests at once, not per second (five 429s against none
//! with a token bucket); a token bucket that forgets to restart its clock
//! after sleeping lets twice its rate through; and a task per item keeps
//! 1,000 tasks alive where five workers do the same job.
//!
//! Run its tests with `cargo test -p tokio-twins bounded_concurrency`.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// How many requests the fan-out pair's simulated server serves at once.
pub const SERVER_SLOTS: usize = 10;
/// The limit of the batches and worker-pool pairs.
pub const LIMIT: usize = 5;
/// How long the simulated server takes to serve one request.
pub const REQUEST_TIME: Duration = Duration::from_millis(100);

/// Counts calls in progress and remembers the most there ever were at once.
#[derive(Debug, Default)]
pub struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// Leaving the gauge when dropped, so an early return still counts down.
pub struct GaugeGuard<'a> {
    gauge: &'a Gauge,
    /// How many calls were in progress, this one included, when it entered.
    pub at_entry: usize,
}

impl Gauge {
    pub fn enter(&self) -> GaugeGuard<'_> {
        let at_entry = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(at_entry, Ordering::SeqCst);
        GaugeGuard {
            gauge: self,
            at_entry,
        }
    }

    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.gauge.now.fetch_sub(1, Ordering::SeqCst);
    }
}

// ANCHOR: server
/// A pretend API server: it serves `SERVER_SLOTS` requests at once and answers
/// 503 Service Unavailable to any request that arrives while it is full.
#[derive(Debug, Default)]
pub struct Server {
    requests: Gauge,
}

impl Server {
    pub async fn handle(&self) -> u16 {
        let request = self.requests.enter();
        let overloaded = request.at_entry > SERVER_SLOTS;
        tokio::time::sleep(REQUEST_TIME).await;
        if overloaded { 503 } else { 200 }
    }

    pub fn peak_concurrency(&self) -> usize {
        self.requests.peak()
    }
}
// ANCHOR_END: server

// ANCHOR: fanout_wrong
pub async fn send_all(server: Arc<Server>, count: usize) -> Vec<u16> {
    let mut requests = JoinSet::new();
    for _ in 0..count {
        let server = Arc::clone(&server);
        // No limit: every request is spawned, and sent, straight away.
        requests.spawn(async move { server.handle().await });
    }
    requests.join_all().await
}
// ANCHOR_END: fanout_wrong

// ANCHOR: fanout_correct
pub async fn send_all_bounded(server: Arc<Server>, count: usize) -> Vec<u16> {
    let slots = Arc::new(Semaphore::new(SERVER_SLOTS));
    let mut requests = JoinSet::new();
    for _ in 0..count {
        let (server, slots) = (Arc::clone(&server), Arc::clone(&slots));
        requests.spawn(async move {
            // Held until the end of the block, like `async with slots:`.
            let _permit = slots.acquire_owned().await.expect("never closed");
            server.handle().await
        });
    }
    requests.join_all().await
}
// ANCHOR_END: fanout_correct

/// How long item `n` of the batches pair takes: every fifth one is slow.
pub fn duration_of(n: usize) -> Duration {
    Duration::from_millis(if n.is_multiple_of(5) { 500 } else { 100 })
}

async fn process(n: usize, gauge: Arc<Gauge>) {
    let _busy = gauge.enter();
    tokio::time::sleep(duration_of(n)).await;
}

// ANCHOR: batches_wrong
/// Returns when each batch finished, counted from the start.
pub async fn in_batches(items: usize, gauge: Arc<Gauge>) -> Vec<Duration> {
    let start = Instant::now();
    let mut finished = Vec::new();
    for first in (0..items).step_by(LIMIT) {
        let mut batch = JoinSet::new();
        for n in first..(first + LIMIT).min(items) {
            batch.spawn(process(n, Arc::clone(&gauge)));
        }
        // The whole batch waits for its slowest item before the next starts.
        batch.join_all().await;
        finished.push(start.elapsed());
    }
    finished
}
// ANCHOR_END: batches_wrong

// ANCHOR: batches_correct
pub async fn with_semaphore(items: usize, gauge: Arc<Gauge>) {
    let slots = Arc::new(Semaphore::new(LIMIT));
    let mut work = JoinSet::new();
    for n in 0..items {
        let (slots, gauge) = (Arc::clone(&slots), Arc::clone(&gauge));
        work.spawn(async move {
            // A freed permit goes to the next waiting item at once.
            let _permit = slots.acquire_owned().await.expect("never closed");
            process(n, gauge).await;
        });
    }
    work.join_all().await;
}
// ANCHOR_END: batches_correct

/// The API's documented limit: this many requests in any one second.
pub const PER_SECOND: usize = 5;

// ANCHOR: rate_server
/// A pretend API that accepts `PER_SECOND` requests in any one second and
/// answers 429 Too Many Requests to the rest.
#[derive(Debug)]
pub struct RateLimitedServer {
    start: Instant,
    /// When each accepted request arrived, in whole milliseconds.
    accepted: Mutex<Vec<u128>>,
}

impl RateLimitedServer {
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            accepted: Mutex::new(Vec::new()),
        }
    }

    pub async fn handle(&self) -> u16 {
        let now = self.start.elapsed().as_millis();
        {
            // A std Mutex is fine here: it is never held across an .await.
            let mut accepted = self.accepted.lock().unwrap_or_else(PoisonError::into_inner);
            let recent = accepted.iter().filter(|&&t| t + 1000 > now).count();
            if recent >= PER_SECOND {
                return 429;
            }
            accepted.push(now);
        }
        tokio::time::sleep(REQUEST_TIME).await;
        200
    }
}
// ANCHOR_END: rate_server

impl Default for RateLimitedServer {
    fn default() -> Self {
        Self::new()
    }
}

/// When one request was sent, counted from the start, and the answer.
pub type Sent = (Duration, u16);

async fn ten_requests<F, Fut>(send: F) -> Vec<Sent>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Sent> + Send + 'static,
{
    let mut requests = JoinSet::new();
    for n in 0..10 {
        let request = send();
        requests.spawn(async move { (n, request.await) });
        // Let each request reach its limiter before the next one is spawned,
        // so they queue in order, as Python's gather starts them.
        tokio::task::yield_now().await;
    }
    let mut results = requests.join_all().await;
    results.sort_by_key(|&(n, _)| n);
    results.into_iter().map(|(_, sent)| sent).collect()
}

// ANCHOR: rate_wrong
pub async fn limit_with_semaphore(server: Arc<RateLimitedServer>) -> Vec<Sent> {
    // Limits how many requests are in flight, not how many go out per second.
    let slots = Arc::new(Semaphore::new(PER_SECOND));
    let start = Instant::now();
    ten_requests(|| {
        let (server, slots) = (Arc::clone(&server), Arc::clone(&slots));
        async move {
            let _permit = slots.acquire_owned().await.expect("never closed");
            (start.elapsed(), server.handle().await)
        }
    })
    .await
}
// ANCHOR_END: rate_wrong

// ANCHOR: token_bucket
/// Lets `rate` requests through per second, in bursts of up to `capacity`.
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    // A tokio Mutex, because it is held across the sleep below: callers
    // queue on it first come, first served, like asyncio.Lock.
    state: tokio::sync::Mutex<BucketState>,
}

struct BucketState {
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    pub fn new(rate: f64, capacity: f64) -> Self {
        let state = BucketState {
            tokens: capacity,
            updated: Instant::now(),
        };
        Self {
            rate,
            capacity,
            state: tokio::sync::Mutex::new(state),
        }
    }

    pub async fn acquire(&self) {
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let elapsed = now.duration_since(state.updated).as_secs_f64();
        state.updated = now;
        state.tokens = self.capacity.min(state.tokens + elapsed * self.rate);
        if state.tokens < 1.0 {
            let wait = (1.0 - state.tokens) / self.rate;
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            // The sleep earned this token: restart the clock so it counts once.
            state.tokens = 1.0;
            state.updated = Instant::now();
        }
        state.tokens -= 1.0;
    }
}
// ANCHOR_END: token_bucket

// ANCHOR: rate_correct
pub async fn limit_with_bucket(server: Arc<RateLimitedServer>) -> Vec<Sent> {
    // One token every 0.2 s and room for only one: no bursts.
    let bucket = Arc::new(TokenBucket::new(PER_SECOND as f64, 1.0));
    let start = Instant::now();
    ten_requests(|| {
        let (server, bucket) = (Arc::clone(&server), Arc::clone(&bucket));
        async move {
            bucket.acquire().await;
            (start.elapsed(), server.handle().await)
        }
    })
    .await
}
// ANCHOR_END: rate_correct

// ANCHOR: leaky_bucket
/// The same bucket with one line missing: after sleeping it takes the token
/// but leaves `updated` where it was, so the next caller is paid for the
/// same stretch of time again.
pub struct LeakyTokenBucket {
    rate: f64,
    capacity: f64,
    state: tokio::sync::Mutex<BucketState>,
}

impl LeakyTokenBucket {
    pub fn new(rate: f64, capacity: f64) -> Self {
        let state = BucketState {
            tokens: capacity,
            updated: Instant::now(),
        };
        Self {
            rate,
            capacity,
            state: tokio::sync::Mutex::new(state),
        }
    }

    pub async fn acquire(&self) {
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let elapsed = now.duration_since(state.updated).as_secs_f64();
        state.updated = now;
        state.tokens = self.capacity.min(state.tokens + elapsed * self.rate);
        if state.tokens < 1.0 {
            let wait = (1.0 - state.tokens) / self.rate;
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            state.tokens = 1.0; // the sleep is counted again at the next refill
        }
        state.tokens -= 1.0;
    }
}
// ANCHOR_END: leaky_bucket

/// When each of `count` callers got through `acquire`, from the start.
pub async fn send_times<F, Fut>(count: usize, acquire: F) -> Vec<Duration>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let start = Instant::now();
    let mut sent = Vec::with_capacity(count);
    // One caller after another is enough: the bucket's lock queues them anyway.
    for _ in 0..count {
        acquire().await;
        sent.push(start.elapsed());
    }
    sent
}

/// How many tasks the runtime has alive, like `len(asyncio.all_tasks())`
/// minus the main task (a `block_on` future is not a task in tokio).
fn tasks_alive() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

async fn pool_item(n: usize, first_seen: Arc<AtomicUsize>) -> usize {
    if n == 0 {
        first_seen.store(tasks_alive(), Ordering::SeqCst);
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    n
}

// ANCHOR: pool_wrong
/// Returns every item's result and the tasks alive when item 0 started.
pub async fn task_per_item(items: usize) -> (Vec<usize>, usize) {
    let first_seen = Arc::new(AtomicUsize::new(0));
    let slots = Arc::new(Semaphore::new(LIMIT));
    let mut work = JoinSet::new();
    // The semaphore bounds the work, but each item still gets its own task.
    for n in 0..items {
        let (slots, first_seen) = (Arc::clone(&slots), Arc::clone(&first_seen));
        work.spawn(async move {
            let _permit = slots.acquire_owned().await.expect("never closed");
            pool_item(n, first_seen).await
        });
    }
    let results = work.join_all().await;
    (results, first_seen.load(Ordering::SeqCst))
}
// ANCHOR_END: pool_wrong

// ANCHOR: pool_correct
pub async fn worker_pool(items: usize) -> (Vec<usize>, usize) {
    let first_seen = Arc::new(AtomicUsize::new(0));
    // The workers share one iterator; a std Mutex is enough because no
    // worker holds it across an .await.
    let queue: Arc<Mutex<Range<usize>>> = Arc::new(Mutex::new(0..items));
    let mut workers = JoinSet::new();
    for _ in 0..LIMIT {
        let (queue, first_seen) = (Arc::clone(&queue), Arc::clone(&first_seen));
        workers.spawn(async move {
            let mut done = Vec::new();
            loop {
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                let Some(n) = next else { break done };
                done.push(pool_item(n, Arc::clone(&first_seen)).await);
            }
        });
    }
    let results = workers.join_all().await.into_iter().flatten().collect();
    (results, first_seen.load(Ordering::SeqCst))
}
// ANCHOR_END: pool_correct

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn count(statuses: &[u16], status: u16) -> usize {
        statuses.iter().filter(|&&s| s == status).count()
    }

    #[tokio::test(start_paused = true)]
    async fn fanout_wrong_overloads_the_server() {
        let server = Arc::new(Server::default());
        let start = Instant::now();

        let statuses = send_all(Arc::clone(&server), 100).await;

        assert_eq!(server.peak_concurrency(), 100);
        assert_eq!((count(&statuses, 200), count(&statuses, 503)), (10, 90));
        assert_eq!(start.elapsed(), ms(100));
    }

    #[tokio::test(start_paused = true)]
    async fn fanout_correct_stays_within_the_limit() {
        let server = Arc::new(Server::default());
        let start = Instant::now();

        let statuses = send_all_bounded(Arc::clone(&server), 100).await;

        assert_eq!(server.peak_concurrency(), 10);
        assert_eq!((count(&statuses, 200), count(&statuses, 503)), (100, 0));
        assert_eq!(start.elapsed(), ms(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn batches_wrong_waits_for_the_slowest_item_of_each_batch() {
        let gauge = Arc::new(Gauge::default());

        let finished = in_batches(20, Arc::clone(&gauge)).await;

        assert_eq!(finished, [ms(500), ms(1000), ms(1500), ms(2000)]);
        assert_eq!(gauge.peak(), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn batches_correct_refills_each_slot_at_once() {
        let gauge = Arc::new(Gauge::default());
        let start = Instant::now();

        with_semaphore(20, Arc::clone(&gauge)).await;

        assert_eq!(start.elapsed(), ms(900));
        assert_eq!(gauge.peak(), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn rate_wrong_sends_too_many_in_the_first_second() {
        let sent = limit_with_semaphore(Arc::new(RateLimitedServer::new())).await;

        let expected: Vec<Sent> = (0..10)
            .map(|n| if n < 5 { (ms(0), 200) } else { (ms(100), 429) })
            .collect();
        assert_eq!(sent, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn rate_correct_spaces_the_requests_out() {
        let sent = limit_with_bucket(Arc::new(RateLimitedServer::new())).await;

        let expected: Vec<Sent> = (0..10).map(|n| (ms(200 * n), 200)).collect();
        assert_eq!(sent, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn refill_wrong_lets_twice_the_rate_through() {
        let bucket = LeakyTokenBucket::new(5.0, 1.0);

        let sent = send_times(11, || bucket.acquire()).await;

        let expected = [0, 200, 200, 400, 400, 600, 600, 800, 800, 1000, 1000].map(ms);
        assert_eq!(sent, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn refill_correct_keeps_to_the_rate() {
        let bucket = TokenBucket::new(5.0, 1.0);

        let sent = send_times(11, || bucket.acquire()).await;

        let expected: Vec<Duration> = (0..11).map(|n| ms(200 * n)).collect();
        assert_eq!(sent, expected);
    }

    fn each_exactly_once(mut results: Vec<usize>, items: usize) -> bool {
        results.sort_unstable();
        results == (0..items).collect::<Vec<_>>()
    }

    #[tokio::test(start_paused = true)]
    async fn pool_wrong_keeps_a_task_alive_per_item() {
        let start = Instant::now();

        let (results, alive) = task_per_item(1000).await;

        assert_eq!(alive, 1000);
        assert!(each_exactly_once(results, 1000));
        assert_eq!(start.elapsed(), ms(2000));
    }

    #[tokio::test(start_paused = true)]
    async fn pool_correct_needs_only_the_workers() {
        let start = Instant::now();

        let (results, alive) = worker_pool(1000).await;

        assert_eq!(alive, LIMIT);
        assert!(each_exactly_once(results, 1000));
        assert_eq!(start.elapsed(), ms(2000));
    }
}
