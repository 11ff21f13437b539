//! Producer/consumer with Queue: the tokio twin of the Python chapter.
//!
//! Four wrong/correct pairs, built on `tokio::sync::mpsc` channels. An
//! unbounded channel lets the producer queue all 10 rows at once, where a
//! channel of capacity 2 holds it back until 1.40 s (both finish at 2.00 s);
//! a sender left alive keeps three workers waiting until a 5 s timeout, where
//! dropping it ends them at 0.40 s; a job counter that a `continue` skips
//! never reaches zero (3.00 s timeout against 0.40 s); and sentinels sent per
//! producer stop the packers with 4 of 6 orders packed (0.75 s), where closing
//! the channel after the last producer packs all 6 (0.87 s).
//!
//! Tokio has no sentinel and no `task_done`: a channel closes when its last
//! `Sender` is dropped, and `recv()` then returns `None` to every consumer.
//!
//! Run its tests with `cargo test -p tokio-twins queues`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use tokio::sync::{Mutex, Notify, mpsc};
use tokio::task::JoinSet;
use tokio::time::{Instant, error::Elapsed, sleep, timeout};

/// How many rows the back-pressure producer sends.
pub const ROWS: u32 = 10;
/// How long the consumer takes per row, per job, per order shipped.
pub const JOB_TIME: Duration = Duration::from_millis(200);
/// How long a packer takes to pack one order.
pub const PACK_TIME: Duration = Duration::from_millis(120);
/// How often the web shop and the phone shop send an order.
pub const WEB_EVERY: Duration = Duration::from_millis(100);
pub const PHONE_EVERY: Duration = Duration::from_millis(250);

/// Rows sent but not yet received, and the most there ever were.
#[derive(Debug, Default)]
struct Backlog {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Backlog {
    fn pushed(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    fn popped(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// What a back-pressure run saw, timed from its start.
#[derive(Debug, PartialEq, Eq)]
pub struct PipelineReport {
    /// When the producer had sent its last row.
    pub all_queued: Duration,
    /// The most rows ever waiting in the channel.
    pub peak: usize,
    /// When the consumer had handled every row.
    pub total: Duration,
}

// ANCHOR: backpressure_wrong
pub async fn pipeline_unbounded() -> PipelineReport {
    let start = Instant::now();
    let backlog = Arc::new(Backlog::default());
    // Unbounded: send() never waits, so the producer runs as far ahead as it likes.
    let (rows, mut inbox) = mpsc::unbounded_channel();
    let consumer = tokio::spawn({
        let backlog = Arc::clone(&backlog);
        async move {
            while let Some(_row) = inbox.recv().await {
                backlog.popped();
                sleep(JOB_TIME).await; // the slow part: one API call per row
            }
        }
    });
    for row in 1..=ROWS {
        rows.send(row).expect("the consumer is alive");
        backlog.pushed();
    }
    let all_queued = start.elapsed();
    drop(rows); // closing the channel is the "no more rows" signal
    consumer.await.expect("the consumer panicked");
    PipelineReport {
        all_queued,
        peak: backlog.peak(),
        total: start.elapsed(),
    }
}
// ANCHOR_END: backpressure_wrong

// ANCHOR: backpressure_correct
pub async fn pipeline_bounded() -> PipelineReport {
    let start = Instant::now();
    let backlog = Arc::new(Backlog::default());
    // Capacity 2: send().await waits while two rows are already waiting.
    let (rows, mut inbox) = mpsc::channel(2);
    let consumer = tokio::spawn({
        let backlog = Arc::clone(&backlog);
        async move {
            while let Some(_row) = inbox.recv().await {
                backlog.popped();
                sleep(JOB_TIME).await; // the slow part: one API call per row
            }
        }
    });
    for row in 1..=ROWS {
        rows.send(row).await.expect("the consumer is alive");
        backlog.pushed();
    }
    let all_queued = start.elapsed();
    drop(rows); // closing the channel is the "no more rows" signal
    consumer.await.expect("the consumer panicked");
    PipelineReport {
        all_queued,
        peak: backlog.peak(),
        total: start.elapsed(),
    }
}
// ANCHOR_END: backpressure_correct

// ANCHOR: shared_receiver
/// An mpsc channel has one receiver; workers share it behind an async mutex.
pub type Inbox<T> = Arc<Mutex<mpsc::Receiver<T>>>;

/// The next message, or `None` once the channel is closed and drained. The
/// lock is held only while waiting for a message, never while handling one.
pub async fn next<T>(inbox: &Inbox<T>) -> Option<T> {
    inbox.lock().await.recv().await
}
// ANCHOR_END: shared_receiver

async fn job_worker(inbox: Inbox<u32>) -> u32 {
    let mut handled = 0;
    while next(&inbox).await.is_some() {
        sleep(JOB_TIME).await;
        handled += 1;
    }
    handled
}

// ANCHOR: sentinel_wrong
/// Six jobs for three workers; returns how many jobs each worker handled.
pub async fn three_workers_sender_kept() -> Result<Vec<u32>, Elapsed> {
    let (jobs, inbox) = mpsc::channel(8);
    let inbox = Arc::new(Mutex::new(inbox));
    let mut workers = JoinSet::new();
    for _ in 0..3 {
        workers.spawn(job_worker(Arc::clone(&inbox)));
    }
    let producer = jobs.clone();
    for job in 0..6 {
        producer.send(job).await.expect("the workers are alive");
    }
    drop(producer); // but `jobs` is still alive, so the channel never closes
    timeout(Duration::from_secs(5), workers.join_all()).await
}
// ANCHOR_END: sentinel_wrong

// ANCHOR: sentinel_correct
/// Six jobs for three workers; returns how many jobs each worker handled.
pub async fn three_workers_channel_closed() -> Result<Vec<u32>, Elapsed> {
    let (jobs, inbox) = mpsc::channel(8);
    let inbox = Arc::new(Mutex::new(inbox));
    let mut workers = JoinSet::new();
    for _ in 0..3 {
        workers.spawn(job_worker(Arc::clone(&inbox)));
    }
    let producer = jobs; // moved: no other sender is left behind
    for job in 0..6 {
        producer.send(job).await.expect("the workers are alive");
    }
    drop(producer); // the last sender: every worker's recv() now returns None
    timeout(Duration::from_secs(5), workers.join_all()).await
}
// ANCHOR_END: sentinel_correct

// ANCHOR: unfinished
/// `asyncio.Queue.join()` for a channel: counts jobs sent but not yet done,
/// and wakes `join()` when the count drops to zero.
#[derive(Debug, Default)]
pub struct Unfinished {
    count: std::sync::Mutex<usize>,
    zero: Notify,
}

impl Unfinished {
    pub fn add(&self) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }

    /// `task_done()`.
    pub fn done(&self) {
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        *count -= 1;
        if *count == 0 {
            self.zero.notify_waiters();
        }
    }

    /// A guard that calls `done()` when it is dropped, on every way out.
    pub fn guard(self: &Arc<Self>) -> DoneGuard {
        DoneGuard(Arc::clone(self))
    }

    pub async fn join(&self) {
        loop {
            // Registered before the count is read, so a done() in between still wakes us.
            let zero = self.zero.notified();
            if *self.count.lock().unwrap_or_else(PoisonError::into_inner) == 0 {
                return;
            }
            zero.await;
        }
    }
}

pub struct DoneGuard(Arc<Unfinished>);

impl Drop for DoneGuard {
    fn drop(&mut self) {
        self.0.done();
    }
}
// ANCHOR_END: unfinished

const ORDERS: [i32; 4] = [101, 102, -1, 103];

// ANCHOR: task_done_wrong
async fn shipper_forgetful(inbox: Inbox<i32>, unfinished: Arc<Unfinished>) {
    while let Some(order) = next(&inbox).await {
        if order < 0 {
            continue; // skips done(): join() now waits for this order forever
        }
        sleep(JOB_TIME).await; // packing and shipping
        unfinished.done();
    }
}
// ANCHOR_END: task_done_wrong

// ANCHOR: task_done_correct
async fn shipper(inbox: Inbox<i32>, unfinished: Arc<Unfinished>) {
    while let Some(order) = next(&inbox).await {
        let _done = unfinished.guard(); // dropped on every way out, `continue` included
        if order < 0 {
            continue;
        }
        sleep(JOB_TIME).await; // packing and shipping
    }
}
// ANCHOR_END: task_done_correct

// ANCHOR: task_done_main
/// Ships four orders with two workers; `Ok` holds when `join()` returned.
pub async fn ship_orders<W, F>(shipper: W) -> Result<Duration, Elapsed>
where
    W: Fn(Inbox<i32>, Arc<Unfinished>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let start = Instant::now();
    let (orders, inbox) = mpsc::channel(8);
    let inbox = Arc::new(Mutex::new(inbox));
    let unfinished = Arc::new(Unfinished::default());
    for order in ORDERS {
        unfinished.add();
        orders.send(order).await.expect("the channel is open");
    }
    let mut workers = JoinSet::new();
    for _ in 0..2 {
        workers.spawn(shipper(Arc::clone(&inbox), Arc::clone(&unfinished)));
    }
    let joined = timeout(Duration::from_secs(3), unfinished.join()).await;
    // The workers would wait for more orders forever: abort them, like task.cancel().
    workers.shutdown().await;
    joined.map(|()| start.elapsed())
}

pub async fn ship_orders_forgetful() -> Result<Duration, Elapsed> {
    ship_orders(shipper_forgetful).await
}

pub async fn ship_orders_guarded() -> Result<Duration, Elapsed> {
    ship_orders(shipper).await
}
// ANCHOR_END: task_done_main

/// The orders every packer packed, and when the whole run ended.
#[derive(Debug, PartialEq, Eq)]
pub struct Packing {
    pub packed: Vec<String>,
    pub total: Duration,
}

type Packed = Arc<std::sync::Mutex<Vec<String>>>;

fn sorted(packed: &Packed) -> Vec<String> {
    let mut packed = packed
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    packed.sort();
    packed
}

// ANCHOR: many_wrong
/// The Python sentinel, ported literally: a message that means "no more".
pub enum Msg {
    Order(String),
    NoMore,
}

async fn shop_with_sentinel(name: &str, every: Duration, orders: mpsc::UnboundedSender<Msg>) {
    for n in 1..=3 {
        sleep(every).await;
        // Once the packers are gone this send fails, and the order is lost.
        let _ = orders.send(Msg::Order(format!("{name}-{n}")));
    }
    let _ = orders.send(Msg::NoMore); // "no more orders", but only this shop is done
}

pub async fn pack_with_sentinels() -> Packing {
    let start = Instant::now();
    let (orders, inbox) = mpsc::unbounded_channel();
    let inbox = Arc::new(Mutex::new(inbox));
    let packed = Packed::default();
    let mut packers = JoinSet::new();
    for _ in 0..2 {
        let (orders, inbox, packed) = (orders.clone(), Arc::clone(&inbox), Arc::clone(&packed));
        packers.spawn(async move {
            while let Some(Msg::Order(order)) = next_unbounded(&inbox).await {
                sleep(PACK_TIME).await;
                packed
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(order);
            }
            let _ = orders.send(Msg::NoMore); // passes it on, so the other packer stops too
        });
    }
    tokio::join!(
        shop_with_sentinel("web", WEB_EVERY, orders.clone()),
        shop_with_sentinel("phone", PHONE_EVERY, orders),
    );
    packers.join_all().await;
    Packing {
        packed: sorted(&packed),
        total: start.elapsed(),
    }
}
// ANCHOR_END: many_wrong

async fn next_unbounded<T>(inbox: &Mutex<mpsc::UnboundedReceiver<T>>) -> Option<T> {
    inbox.lock().await.recv().await
}

// ANCHOR: many_correct
async fn shop(name: &str, every: Duration, orders: mpsc::UnboundedSender<String>) {
    for n in 1..=3 {
        sleep(every).await;
        orders
            .send(format!("{name}-{n}"))
            .expect("the packers are alive");
    }
    // `orders` is dropped here: one sender fewer. The channel closes with the last one.
}

pub async fn pack_until_closed() -> Packing {
    let start = Instant::now();
    let (orders, inbox) = mpsc::unbounded_channel();
    let inbox = Arc::new(Mutex::new(inbox));
    let packed = Packed::default();
    let mut packers = JoinSet::new();
    for _ in 0..2 {
        let (inbox, packed) = (Arc::clone(&inbox), Arc::clone(&packed));
        packers.spawn(async move {
            // None only when every shop has dropped its sender and the channel is drained.
            while let Some(order) = next_unbounded(&inbox).await {
                sleep(PACK_TIME).await;
                packed
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(order);
            }
        });
    }
    tokio::join!(
        shop("web", WEB_EVERY, orders.clone()),
        shop("phone", PHONE_EVERY, orders),
    );
    packers.join_all().await;
    Packing {
        packed: sorted(&packed),
        total: start.elapsed(),
    }
}
// ANCHOR_END: many_correct

#[cfg(test)]
mod tests {
    use super::*;

    fn orders(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn backpressure_wrong_queues_every_row_at_once() {
        let report = pipeline_unbounded().await;

        assert_eq!(
            report,
            PipelineReport {
                all_queued: Duration::ZERO,
                peak: 10,
                total: Duration::from_millis(2000),
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn backpressure_correct_holds_the_producer_back() {
        let report = pipeline_bounded().await;

        assert_eq!(
            report,
            PipelineReport {
                all_queued: Duration::from_millis(1400),
                peak: 2,
                total: Duration::from_millis(2000),
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn sentinel_wrong_leaves_the_workers_waiting() {
        let start = Instant::now();

        assert!(three_workers_sender_kept().await.is_err());

        assert_eq!(start.elapsed(), Duration::from_millis(5000));
    }

    #[tokio::test(start_paused = true)]
    async fn sentinel_correct_stops_every_worker() {
        let start = Instant::now();

        assert_eq!(three_workers_channel_closed().await, Ok(vec![2, 2, 2]));

        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn task_done_wrong_join_never_returns() {
        let start = Instant::now();

        assert!(ship_orders_forgetful().await.is_err());

        assert_eq!(start.elapsed(), Duration::from_millis(3000));
    }

    #[tokio::test(start_paused = true)]
    async fn task_done_correct_join_returns_when_all_are_handled() {
        assert_eq!(ship_orders_guarded().await, Ok(Duration::from_millis(400)));
    }

    #[tokio::test(start_paused = true)]
    async fn many_wrong_stops_at_the_first_shops_sentinel() {
        assert_eq!(
            pack_with_sentinels().await,
            Packing {
                packed: orders(&["phone-1", "web-1", "web-2", "web-3"]),
                total: Duration::from_millis(750),
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn many_correct_packs_every_order() {
        assert_eq!(
            pack_until_closed().await,
            Packing {
                packed: orders(&["phone-1", "phone-2", "phone-3", "web-1", "web-2", "web-3"]),
                total: Duration::from_millis(870),
            }
        );
    }
}
