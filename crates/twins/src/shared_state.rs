//! Shared state: the tokio twin of the Python chapter.
//!
//! Five wrong/correct pairs. A read, an `.await` and a write sell ten
//! tickets for three seats until a `tokio::sync::Mutex` is held across the
//! whole booking; polling a flag notices it late (0.30 s against 0.25 s with
//! a `watch` channel); waking every worker for one job leaves one of them
//! with nothing, where a `Notify` that wakes one and a re-check do not; two
//! transfers that lock two accounts in opposite orders deadlock until a
//! timeout gives up, and one lock order fixes it; and a total updated from
//! many tasks loses updates that return values cannot lose.
//!
//! Holding a `std::sync::MutexGuard` across an `.await` is the Rust version
//! of the first bug; the compiler refuses it in a spawned task, because the
//! guard is not `Send`:
//!
//! ```compile_fail
//! use std::sync::{Arc, Mutex};
//!
//! async fn book(seats: Arc<Mutex<u32>>) {
//!     let mut left = seats.lock().unwrap();
//!     tokio::time::sleep(std::time::Duration::from_millis(50)).await;
//!     *left -= 1;
//! }
//!
//! fn spawn_booking(seats: Arc<Mutex<u32>>) {
//!     tokio::spawn(book(seats));
//! }
//! ```
//!
//! Run its tests with `cargo test -p tokio-twins shared_state`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// How long one query to the simulated database takes.
pub const QUERY_TIME: Duration = Duration::from_millis(50);

// ANCHOR: database
/// A pretend database holding the number of free seats.
#[derive(Debug)]
pub struct Database {
    seats: AtomicU32,
}

impl Database {
    pub fn new(seats: u32) -> Self {
        Self {
            seats: AtomicU32::new(seats),
        }
    }

    pub async fn get_seats(&self) -> u32 {
        tokio::time::sleep(QUERY_TIME).await;
        self.seats.load(Ordering::SeqCst)
    }

    pub async fn set_seats(&self, seats: u32) {
        tokio::time::sleep(QUERY_TIME).await;
        self.seats.store(seats, Ordering::SeqCst);
    }
}
// ANCHOR_END: database

impl Database {
    /// The seats left, read without the query's delay.
    pub fn seats_left(&self) -> u32 {
        self.seats.load(Ordering::SeqCst)
    }
}

// ANCHOR: lost_update_wrong
pub async fn book(db: Arc<Database>) -> bool {
    let seats = db.get_seats().await;
    if seats == 0 {
        return false;
    }
    // Other bookings ran during both .awaits: `seats` is stale by now.
    db.set_seats(seats - 1).await;
    true
}
// ANCHOR_END: lost_update_wrong

// ANCHOR: lost_update_correct
pub async fn book_locked(db: Arc<Database>, lock: Arc<tokio::sync::Mutex<()>>) -> bool {
    // tokio's guard may be held across .await: no other booking gets in
    // between this read and this write.
    let _guard = lock.lock().await;
    let seats = db.get_seats().await;
    if seats == 0 {
        return false;
    }
    db.set_seats(seats - 1).await;
    true
}
// ANCHOR_END: lost_update_correct

/// Runs ten bookings at once; returns how many succeeded.
pub async fn ten_customers<F, Fut>(book: F) -> usize
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool> + Send + 'static,
{
    let mut bookings = JoinSet::new();
    for _ in 0..10 {
        bookings.spawn(book());
    }
    bookings
        .join_all()
        .await
        .into_iter()
        .filter(|&ok| ok)
        .count()
}

/// When the config service has finished loading.
pub const CONFIG_LOAD_TIME: Duration = Duration::from_millis(250);
/// How often the polling worker looks at the flag.
pub const POLL_EVERY: Duration = Duration::from_millis(100);

// ANCHOR: event_wrong
/// Returns when the worker started, from `start`, and how often it looked.
pub async fn poll_until_ready(ready: Arc<AtomicBool>, start: Instant) -> (Duration, u32) {
    let mut checks = 0;
    // Polling: wakes up to look, and notices late.
    while !ready.load(Ordering::SeqCst) {
        checks += 1;
        tokio::time::sleep(POLL_EVERY).await;
    }
    (start.elapsed(), checks)
}

pub async fn load_config_flag(ready: Arc<AtomicBool>) {
    tokio::time::sleep(CONFIG_LOAD_TIME).await;
    ready.store(true, Ordering::SeqCst);
}
// ANCHOR_END: event_wrong

// ANCHOR: event_correct
pub async fn wait_until_ready(mut ready: watch::Receiver<bool>, start: Instant) -> Duration {
    // Sleeps until the value turns true, then wakes at once. Like an
    // asyncio.Event, it stays set: a late waiter passes straight through.
    ready
        .wait_for(|&ready| ready)
        .await
        .expect("sender kept alive");
    start.elapsed()
}

pub async fn load_config(ready: watch::Sender<bool>) {
    tokio::time::sleep(CONFIG_LOAD_TIME).await;
    ready.send_replace(true);
}
// ANCHOR_END: event_correct

/// A job list shared by a producer and the workers of the condition pair.
#[derive(Debug, Default)]
pub struct Jobs {
    // A std Mutex: it is locked only for a push or a pop, never across .await.
    queue: Mutex<VecDeque<String>>,
    changed: Notify,
}

impl Jobs {
    fn push(&self, job: String) {
        self.lock().push_back(job);
    }

    fn pop(&self) -> Option<String> {
        self.lock().pop_front()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<String>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How far apart the producer adds `job-1` and `job-2`.
pub const JOB_EVERY: Duration = Duration::from_millis(100);

// ANCHOR: condition_wrong
pub async fn produce_waking_all(jobs: Arc<Jobs>) {
    for n in 1..=2 {
        tokio::time::sleep(JOB_EVERY).await;
        jobs.push(format!("job-{n}"));
        jobs.changed.notify_waiters(); // wakes every worker waiting right now
    }
}

/// Returns when the worker finished and what it got.
pub async fn take_after_wakeup(jobs: Arc<Jobs>, start: Instant) -> (Duration, Option<String>) {
    // The wake-up says a job arrived, not that one is still there for us.
    jobs.changed.notified().await;
    (start.elapsed(), jobs.pop())
}
// ANCHOR_END: condition_wrong

// ANCHOR: condition_correct
pub async fn produce_waking_one(jobs: Arc<Jobs>) {
    for n in 1..=2 {
        tokio::time::sleep(JOB_EVERY).await;
        jobs.push(format!("job-{n}"));
        jobs.changed.notify_one(); // wakes one worker, or the next one to wait
    }
}

pub async fn take_when_there(jobs: Arc<Jobs>, start: Instant) -> (Duration, Option<String>) {
    loop {
        // Look first, and wait only when the list is empty: the wait_for of
        // asyncio.Condition. notify_one keeps a permit if nobody is waiting
        // yet, so a job that arrives between the look and the wait is not lost.
        if let Some(job) = jobs.pop() {
            return (start.elapsed(), Some(job));
        }
        jobs.changed.notified().await;
    }
}
// ANCHOR_END: condition_correct

/// Bank balances and one lock per account, for the deadlock pair.
#[derive(Debug)]
pub struct Bank {
    balances: Mutex<HashMap<&'static str, i64>>,
    locks: HashMap<&'static str, tokio::sync::Mutex<()>>,
}

impl Bank {
    pub fn new(accounts: &[(&'static str, i64)]) -> Self {
        Self {
            balances: Mutex::new(accounts.iter().copied().collect()),
            locks: accounts
                .iter()
                .map(|&(name, _)| (name, tokio::sync::Mutex::new(())))
                .collect(),
        }
    }

    pub fn balance(&self, account: &str) -> i64 {
        self.balances.lock().unwrap_or_else(PoisonError::into_inner)[account]
    }

    fn move_money(&self, src: &str, dst: &str, amount: i64) {
        let mut balances = self.balances.lock().unwrap_or_else(PoisonError::into_inner);
        *balances.get_mut(src).expect("known account") -= amount;
        *balances.get_mut(dst).expect("known account") += amount;
    }
}

// ANCHOR: deadlock_wrong
pub async fn transfer(bank: Arc<Bank>, src: &'static str, dst: &'static str, amount: i64) {
    // Each transfer locks its own source first, so two transfers can cross.
    let (first, second) = (src, dst);
    let _first = bank.locks[first].lock().await;
    tokio::time::sleep(Duration::from_millis(100)).await; // a database read
    let _second = bank.locks[second].lock().await;
    bank.move_money(src, dst, amount);
}
// ANCHOR_END: deadlock_wrong

// ANCHOR: deadlock_correct
pub async fn transfer_ordered(bank: Arc<Bank>, src: &'static str, dst: &'static str, amount: i64) {
    // Every transfer takes the locks in one order: by account name.
    let (first, second) = if src < dst { (src, dst) } else { (dst, src) };
    let _first = bank.locks[first].lock().await;
    tokio::time::sleep(Duration::from_millis(100)).await; // a database read
    let _second = bank.locks[second].lock().await;
    bank.move_money(src, dst, amount);
}
// ANCHOR_END: deadlock_correct

// ANCHOR: deadlock_timeout
/// Runs two opposite transfers, giving up after one second like
/// `asyncio.timeout(1)`; `false` means it timed out.
pub async fn alice_and_bob<F, Fut>(bank: &Arc<Bank>, transfer: F) -> bool
where
    F: Fn(Arc<Bank>, &'static str, &'static str, i64) -> Fut,
    Fut: Future<Output = ()>,
{
    let both = async {
        tokio::join!(
            transfer(Arc::clone(bank), "alice", "bob", 10),
            transfer(Arc::clone(bank), "bob", "alice", 20),
        )
    };
    tokio::time::timeout(Duration::from_secs(1), both)
        .await
        .is_ok()
}
// ANCHOR_END: deadlock_timeout

/// Orders per shop, and how long each shop's pretend database takes to answer.
pub const SHOPS: [(u32, u64); 4] = [(12, 300), (7, 100), (20, 400), (21, 200)];

async fn count_orders(shop: usize) -> u32 {
    let (orders, latency) = SHOPS[shop];
    tokio::time::sleep(Duration::from_millis(latency)).await;
    orders
}

// ANCHOR: no_sharing_wrong
pub async fn total_shared() -> u32 {
    let total = Arc::new(Mutex::new(0));
    let mut tasks = JoinSet::new();
    for shop in 0..SHOPS.len() {
        let total = Arc::clone(&total);
        tasks.spawn(async move {
            // The order of Python's `total += await count_orders(shop)`:
            // read the total, wait, then write back what was read plus more.
            let before = *total.lock().unwrap_or_else(PoisonError::into_inner);
            let orders = count_orders(shop).await;
            *total.lock().unwrap_or_else(PoisonError::into_inner) = before + orders;
        });
    }
    tasks.join_all().await;
    *total.lock().unwrap_or_else(PoisonError::into_inner)
}
// ANCHOR_END: no_sharing_wrong

// ANCHOR: no_sharing_correct
pub async fn total_returned() -> u32 {
    let mut tasks = JoinSet::new();
    for shop in 0..SHOPS.len() {
        // Each task hands back its answer; only this function sums them.
        tasks.spawn(count_orders(shop));
    }
    tasks.join_all().await.into_iter().sum()
}
// ANCHOR_END: no_sharing_correct

/// Rust's own `+=` on a number evaluates the right-hand side first, so the
/// `.await` finishes before the total is locked and read.
pub async fn total_compound_assignment() -> u32 {
    let total = Arc::new(Mutex::new(0));
    let mut tasks = JoinSet::new();
    for shop in 0..SHOPS.len() {
        let total = Arc::clone(&total);
        tasks.spawn(async move {
            *total.lock().unwrap_or_else(PoisonError::into_inner) += count_orders(shop).await;
        });
    }
    tasks.join_all().await;
    *total.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[tokio::test(start_paused = true)]
    async fn lost_update_wrong_sells_more_tickets_than_seats() {
        let db = Arc::new(Database::new(3));
        let start = Instant::now();

        let sold = ten_customers(|| book(Arc::clone(&db))).await;

        assert_eq!((sold, db.seats_left()), (10, 2));
        assert_eq!(start.elapsed(), ms(100));
    }

    #[tokio::test(start_paused = true)]
    async fn lost_update_correct_sells_each_seat_once() {
        let db = Arc::new(Database::new(3));
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        let start = Instant::now();

        let sold = ten_customers(|| book_locked(Arc::clone(&db), Arc::clone(&lock))).await;

        assert_eq!((sold, db.seats_left()), (3, 0));
        // Three full bookings of 0.1 s, then seven reads of 0.05 s that find none.
        assert_eq!(start.elapsed(), ms(650));
    }

    #[tokio::test(start_paused = true)]
    async fn event_wrong_notices_late_after_polling() {
        let ready = Arc::new(AtomicBool::new(false));
        let start = Instant::now();

        let (started, ()) = tokio::join!(
            poll_until_ready(Arc::clone(&ready), start),
            load_config_flag(Arc::clone(&ready)),
        );

        assert_eq!(started, (ms(300), 3));
    }

    #[tokio::test(start_paused = true)]
    async fn event_correct_wakes_the_moment_it_is_set() {
        let (sender, receiver) = watch::channel(false);
        let start = Instant::now();

        let (started, ()) = tokio::join!(
            wait_until_ready(receiver.clone(), start),
            load_config(sender)
        );

        assert_eq!(started, ms(250));
        // Still set for a waiter that comes later, like asyncio.Event.
        assert_eq!(wait_until_ready(receiver, start).await, ms(250));
    }

    // Not a pair: why the event twin is a watch channel and not Notify.
    #[tokio::test(start_paused = true)]
    async fn notify_waiters_does_not_stay_set() {
        let notify = Notify::new();
        notify.notify_waiters();

        let late_waiter = tokio::time::timeout(ms(1000), notify.notified()).await;

        assert!(late_waiter.is_err(), "a waiter that came later was woken");
    }

    async fn two_workers<P, PF, W, WF>(produce: P, worker: W) -> Vec<(Duration, Option<String>)>
    where
        P: FnOnce(Arc<Jobs>) -> PF,
        PF: Future<Output = ()>,
        W: Fn(Arc<Jobs>, Instant) -> WF,
        WF: Future<Output = (Duration, Option<String>)> + Send + 'static,
    {
        let jobs = Arc::new(Jobs::default());
        let start = Instant::now();
        let mut workers = JoinSet::new();
        for _ in 0..2 {
            workers.spawn(worker(Arc::clone(&jobs), start));
        }
        produce(Arc::clone(&jobs)).await;
        let mut results = workers.join_all().await;
        results.sort();
        results
    }

    #[tokio::test(start_paused = true)]
    async fn condition_wrong_leaves_a_woken_worker_empty_handed() {
        let results = two_workers(produce_waking_all, take_after_wakeup).await;

        // Both woke for job-1; one found the list already empty.
        assert_eq!(results, [(ms(100), None), (ms(100), Some("job-1".into()))]);
    }

    #[tokio::test(start_paused = true)]
    async fn condition_correct_gives_each_worker_a_job() {
        let results = two_workers(produce_waking_one, take_when_there).await;

        assert_eq!(
            results,
            [
                (ms(100), Some("job-1".into())),
                (ms(200), Some("job-2".into()))
            ]
        );
    }

    fn alice_and_bob_bank() -> Arc<Bank> {
        Arc::new(Bank::new(&[("alice", 100), ("bob", 100)]))
    }

    #[tokio::test(start_paused = true)]
    async fn deadlock_wrong_times_out_with_nothing_moved() {
        let bank = alice_and_bob_bank();
        let start = Instant::now();

        let finished = alice_and_bob(&bank, transfer).await;

        assert!(!finished);
        assert_eq!(start.elapsed(), ms(1000));
        assert_eq!((bank.balance("alice"), bank.balance("bob")), (100, 100));
    }

    #[tokio::test(start_paused = true)]
    async fn deadlock_correct_finishes_both_transfers() {
        let bank = alice_and_bob_bank();
        let start = Instant::now();

        let finished = alice_and_bob(&bank, transfer_ordered).await;

        assert!(finished);
        assert_eq!(start.elapsed(), ms(200));
        assert_eq!((bank.balance("alice"), bank.balance("bob")), (110, 90));
    }

    #[tokio::test(start_paused = true)]
    async fn no_sharing_wrong_keeps_only_the_last_write() {
        // east answers last, so its 20 overwrites everything else.
        assert_eq!(total_shared().await, 20);
    }

    #[tokio::test(start_paused = true)]
    async fn no_sharing_correct_adds_up_every_shop() {
        assert_eq!(total_returned().await, 60);
    }

    // Not a pair: the difference between Rust's `+=` and Python's.
    #[tokio::test(start_paused = true)]
    async fn rust_compound_assignment_awaits_before_it_reads() {
        assert_eq!(total_compound_assignment().await, 60);
    }
}
