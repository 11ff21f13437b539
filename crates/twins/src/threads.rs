//! Threads and asyncio together: the tokio twin of the Python chapter.
//!
//! Four wrong/correct pairs about code on a plain OS thread that has to reach
//! async code, or be reached by it. Rust differs from Python in one big way:
//! whatever a thread can touch of the runtime (a `Handle`, a channel's
//! `Sender`, an `AbortHandle`) is `Send + Sync` and wakes the task it
//! concerns, so asyncio's "not thread-safe" mistakes have no counterpart.
//! The wrong versions here are the mistakes that remain: asking for the
//! runtime from a thread that is not in it, telling a task something
//! without waking it, and a runtime that runs only while a caller waits in
//! `block_on`.
//!
//! The numbers match the Python pairs: a report served after `a` and `b`
//! (1200 ms) or not at all (800 ms); a download stopped at 700 ms, not
//! 1000 ms; a job received 0 ms after the put, not 1000 ms; and a second
//! query that fails when no pings were sent between the calls.
//!
//! Run its tests with `cargo test -p tokio-twins threads`.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::runtime::{Builder, Handle, Runtime};
use tokio::sync::{Semaphore, oneshot};
use tokio::task::AbortHandle;
use tokio::time::Instant;

/// How long one request to the simulated API takes.
pub const REQUEST: Duration = Duration::from_millis(400);
/// How long one chunk of the simulated download takes.
pub const CHUNK: Duration = Duration::from_millis(500);
/// When the user clicks Stop.
pub const STOP_AT: Duration = Duration::from_millis(700);
/// When the producer thread turns up a job.
pub const PUT_AT: Duration = Duration::from_millis(200);
/// How often the other work on the runtime wakes it.
pub const HEARTBEAT: Duration = Duration::from_millis(1200);
/// How often the connection pings its server.
pub const PING_EVERY: Duration = Duration::from_millis(200);
/// How long the server waits for a ping before it drops the connection.
pub const PING_TIMEOUT: Duration = Duration::from_millis(500);

// ---------------------------------------------------------------------------
// Pair: async code called from a thread
// ---------------------------------------------------------------------------

/// A simulated web API client (no network) that sends one request at a time.
#[derive(Debug)]
pub struct Api {
    one_at_a_time: Semaphore,
    served: Mutex<Vec<String>>,
}

impl Default for Api {
    fn default() -> Self {
        Self {
            one_at_a_time: Semaphore::new(1),
            served: Mutex::new(Vec::new()),
        }
    }
}

impl Api {
    pub async fn fetch(&self, name: &str) -> String {
        let _turn = self.one_at_a_time.acquire().await.expect("never closed");
        tokio::time::sleep(REQUEST).await;
        self.served
            .lock()
            .expect("not poisoned")
            .push(name.to_owned());
        format!("{name}: 200 OK")
    }

    /// The requests served so far, in the order they finished.
    pub fn served(&self) -> Vec<String> {
        self.served.lock().expect("not poisoned").clone()
    }
}

// ANCHOR: from_a_thread_wrong
/// Sync code (a plugin, an old library) running on a plain OS thread.
pub fn legacy_report_wrong(api: Arc<Api>, _runtime: Handle) -> String {
    // Panics: this thread is not inside the runtime, so there is no "current" one.
    let runtime = Handle::current();
    runtime.block_on(api.fetch("report"))
}
// ANCHOR_END: from_a_thread_wrong

// ANCHOR: from_a_thread_correct
/// Sync code (a plugin, an old library) running on a plain OS thread.
pub fn legacy_report(api: Arc<Api>, runtime: Handle) -> String {
    let (reply_tx, reply_rx) = oneshot::channel();
    // Like run_coroutine_threadsafe: the runtime runs the request as one of its tasks...
    runtime.spawn(async move {
        let _ = reply_tx.send(api.fetch("report").await);
    });
    // ...and this thread blocks until the reply comes, like future.result().
    reply_rx
        .blocking_recv()
        .expect("the runtime dropped the request")
}
// ANCHOR_END: from_a_thread_correct

/// What happened when a report ran on a thread beside requests `a` and `b`.
#[derive(Debug)]
pub struct ReportRun {
    /// The report's reply, or the message of the panic that ended its thread.
    pub reply: Result<String, String>,
    pub served: Vec<String>,
    pub elapsed: Duration,
}

/// Sends requests `a` and `b`, then runs `report` on a new OS thread.
pub async fn two_requests_and_a_report(
    report: impl FnOnce(Arc<Api>, Handle) -> String + Send + 'static,
) -> ReportRun {
    let start = Instant::now();
    let api = Arc::new(Api::default());
    let a = tokio::spawn(fetch_owned(Arc::clone(&api), "a"));
    let b = tokio::spawn(fetch_owned(Arc::clone(&api), "b"));
    // Let a take the API and b queue for it before the thread can ask.
    tokio::task::yield_now().await;
    let (done_tx, done_rx) = oneshot::channel();
    let (thread_api, runtime) = (Arc::clone(&api), Handle::current());
    std::thread::spawn(move || {
        let reply = std::panic::catch_unwind(AssertUnwindSafe(|| report(thread_api, runtime)));
        let _ = done_tx.send(reply.map_err(|panic| panic_message(&*panic)));
    });
    a.await.expect("request a panicked");
    b.await.expect("request b panicked");
    let reply = done_rx.await.expect("the thread always answers");
    ReportRun {
        reply,
        served: api.served(),
        elapsed: start.elapsed(),
    }
}

async fn fetch_owned(api: Arc<Api>, name: &'static str) -> String {
    api.fetch(name).await
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_owned()
    }
}

// ---------------------------------------------------------------------------
// Pair: a thread stops a task
// ---------------------------------------------------------------------------

/// A simulated download (no network): `chunks` chunks of 0.5 s each.
/// It counts the chunks it finished, and stops early once `stop` is set.
pub async fn download(chunks: u32, finished: Arc<AtomicU32>, stop: Arc<AtomicBool>) {
    for _ in 0..chunks {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(CHUNK).await;
        finished.fetch_add(1, Ordering::SeqCst);
    }
}

/// What a thread can use to stop the download.
#[derive(Debug, Clone)]
pub struct StopControls {
    pub flag: Arc<AtomicBool>,
    pub task: AbortHandle,
}

// ANCHOR: stop_wrong
/// Runs on a plain OS thread, like a GUI's click handler.
pub fn stop_button_wrong(controls: StopControls) {
    // Thread-safe, but it wakes nobody: the download reads it after its current chunk.
    controls.flag.store(true, Ordering::SeqCst);
}
// ANCHOR_END: stop_wrong

// ANCHOR: stop_correct
/// Runs on a plain OS thread, like a GUI's click handler.
pub fn stop_button(controls: StopControls) {
    // Like call_soon_threadsafe(task.cancel): cancels the task and wakes the runtime.
    controls.task.abort();
}
// ANCHOR_END: stop_correct

/// How far a four-chunk download got when Stop was clicked at 0.7 s.
#[derive(Debug, PartialEq, Eq)]
pub struct Stopped {
    pub chunks_finished: u32,
    pub cancelled: bool,
    pub elapsed: Duration,
}

/// Starts a four-chunk download and clicks `button` on an OS thread at 0.7 s.
pub async fn click_stop_during_download(button: fn(StopControls)) -> Stopped {
    let start = Instant::now();
    let (finished, flag) = (
        Arc::new(AtomicU32::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let task = tokio::spawn(download(4, Arc::clone(&finished), Arc::clone(&flag)));
    tokio::time::sleep(STOP_AT).await;
    let controls = StopControls {
        flag,
        task: task.abort_handle(),
    };
    // Joined at once, so the click lands at exactly 0.7 s on the paused clock.
    std::thread::spawn(move || button(controls))
        .join()
        .expect("the click handler panicked");
    let outcome = task.await;
    Stopped {
        chunks_finished: finished.load(Ordering::SeqCst),
        cancelled: outcome.is_err_and(|error| error.is_cancelled()),
        elapsed: start.elapsed(),
    }
}

// ---------------------------------------------------------------------------
// Pair: handing a job from a thread to a task
// ---------------------------------------------------------------------------

// ANCHOR: hand_off_wrong
pub fn producer_wrong(jobs: std::sync::mpsc::Sender<String>) {
    jobs.send("resize photo.jpg".to_owned())
        .expect("consumer gone");
}

pub async fn next_job_wrong(jobs: std::sync::mpsc::Receiver<String>) -> String {
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    loop {
        heartbeat.tick().await;
        // std's channel is thread-safe but cannot wake a task: only the heartbeat does.
        if let Ok(job) = jobs.try_recv() {
            return job;
        }
    }
}
// ANCHOR_END: hand_off_wrong

// ANCHOR: hand_off_correct
pub fn producer(jobs: tokio::sync::mpsc::Sender<String>) {
    // For code outside the runtime: waits for room (none needed here) and wakes the receiver.
    jobs.blocking_send("resize photo.jpg".to_owned())
        .expect("consumer gone");
}

pub async fn next_job(mut jobs: tokio::sync::mpsc::Receiver<String>) -> String {
    jobs.recv().await.expect("producer gone")
}
// ANCHOR_END: hand_off_correct

/// Runs `consumer` as a task and `producer` on an OS thread at 0.2 s; returns
/// the job and how long after the put the consumer had it.
pub async fn hand_off(
    consumer: impl Future<Output = String> + Send + 'static,
    producer: impl FnOnce() + Send + 'static,
) -> (String, Duration) {
    let start = Instant::now();
    let consumer = tokio::spawn(async move { (consumer.await, start.elapsed()) });
    tokio::time::sleep(PUT_AT).await;
    // Joined at once, so the job is put at exactly 0.2 s on the paused clock.
    std::thread::spawn(producer)
        .join()
        .expect("the producer panicked");
    let (job, received_at) = consumer.await.expect("the consumer panicked");
    (job, received_at - PUT_AT)
}

// ---------------------------------------------------------------------------
// Pair: a sync facade over async code
// ---------------------------------------------------------------------------

/// A simulated database connection (no network). Its server drops a client
/// it has not heard a ping from for 0.5 s.
#[derive(Debug)]
pub struct Connection {
    last_ping: Arc<Mutex<Instant>>,
}

impl Connection {
    /// Connects and starts pinging, on the runtime it is called on.
    pub async fn open() -> Self {
        let last_ping = Arc::new(Mutex::new(Instant::now()));
        let pinged = Arc::clone(&last_ping);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PING_EVERY).await;
                *pinged.lock().expect("not poisoned") = Instant::now();
            }
        });
        Self { last_ping }
    }

    pub async fn query(&self, sql: &str) -> Result<String, String> {
        let silent_for = self.last_ping.lock().expect("not poisoned").elapsed();
        if silent_for > PING_TIMEOUT {
            return Err("server dropped the connection: no ping for 0.5 s".to_owned());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        Ok(format!("rows for {sql}"))
    }
}

// ANCHOR: sync_facade
/// A sync facade over the async connection, for sync code to call.
#[derive(Debug)]
pub struct Database {
    runtime: Runtime,
    conn: Connection,
}

impl Database {
    pub fn open(runtime: Runtime) -> Self {
        let conn = runtime.block_on(Connection::open());
        Self { runtime, conn }
    }

    pub fn query(&self, sql: &str) -> Result<String, String> {
        self.runtime.block_on(self.conn.query(sql))
    }
}
// ANCHOR_END: sync_facade

// ANCHOR: sync_facade_wrong
pub fn facade_runtime_wrong() -> Runtime {
    // Like asyncio.Runner: this runtime runs its tasks only while a call waits in block_on.
    Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime")
}
// ANCHOR_END: sync_facade_wrong

// ANCHOR: sync_facade_correct
pub fn facade_runtime() -> Runtime {
    // A worker thread of its own keeps running spawned tasks, the pinger too, between calls.
    Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .expect("a runtime")
}
// ANCHOR_END: sync_facade_correct

/// The sync app: two queries with 0.8 s of other work between them.
pub fn two_queries(db: &Database) -> [Result<String, String>; 2] {
    let first = db.query("SELECT 1");
    std::thread::sleep(Duration::from_millis(800));
    [first, db.query("SELECT 2")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn from_a_thread_wrong_finds_no_runtime() {
        let run = two_requests_and_a_report(legacy_report_wrong).await;

        let message = run.reply.expect_err("Handle::current() should panic");
        assert!(
            message.contains("must be called from the context of a Tokio 1.x runtime"),
            "{message}"
        );
        assert_eq!(run.served, ["a", "b"]);
        assert_eq!(run.elapsed, Duration::from_millis(800));
    }

    #[tokio::test(start_paused = true)]
    async fn from_a_thread_correct_waits_its_turn_on_the_runtime() {
        let run = two_requests_and_a_report(legacy_report).await;

        assert_eq!(run.reply.as_deref(), Ok("report: 200 OK"));
        assert_eq!(run.served, ["a", "b", "report"]);
        assert_eq!(run.elapsed, Duration::from_millis(1200));
    }

    #[tokio::test(start_paused = true)]
    async fn stop_wrong_is_noticed_only_after_the_chunk() {
        let stopped = click_stop_during_download(stop_button_wrong).await;

        assert_eq!(
            stopped,
            Stopped {
                chunks_finished: 2,
                cancelled: false,
                elapsed: Duration::from_millis(1000),
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn stop_correct_cancels_the_download_at_once() {
        let stopped = click_stop_during_download(stop_button).await;

        assert_eq!(
            stopped,
            Stopped {
                chunks_finished: 1,
                cancelled: true,
                elapsed: Duration::from_millis(700),
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn hand_off_wrong_waits_for_the_heartbeat() {
        let (tx, rx) = std::sync::mpsc::channel();

        let (job, waited) = hand_off(next_job_wrong(rx), move || producer_wrong(tx)).await;

        assert_eq!(job, "resize photo.jpg");
        assert_eq!(waited, Duration::from_millis(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn hand_off_correct_wakes_the_consumer_at_once() {
        let (tx, rx) = tokio::sync::mpsc::channel(1);

        let (job, waited) = hand_off(next_job(rx), move || producer(tx)).await;

        assert_eq!(job, "resize photo.jpg");
        assert_eq!(waited, Duration::ZERO);
    }

    // Real time: the facade is sync code, and the paused clock would stand
    // still between the calls, hiding the silence the server notices.
    #[test]
    fn sync_facade_wrong_loses_the_connection_between_calls() {
        let db = Database::open(facade_runtime_wrong());

        let [first, second] = two_queries(&db);

        assert_eq!(first.as_deref(), Ok("rows for SELECT 1"));
        assert_eq!(
            second,
            Err("server dropped the connection: no ping for 0.5 s".to_owned())
        );
    }

    #[test]
    fn sync_facade_correct_keeps_pinging_between_calls() {
        let db = Database::open(facade_runtime());

        let [first, second] = two_queries(&db);

        assert_eq!(first.as_deref(), Ok("rows for SELECT 1"));
        assert_eq!(second.as_deref(), Ok("rows for SELECT 2"));
    }

    // Not a pair: pins down the Rust difference the chapter states. tokio's
    // Semaphore belongs to no runtime, so a second runtime on the thread may
    // use the first one's API client, unlike asyncio's.
    #[tokio::test(start_paused = true)]
    async fn a_second_runtime_may_share_tokio_primitives() {
        let run = two_requests_and_a_report(|api, _| {
            Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .expect("a runtime")
                .block_on(api.fetch("report"))
        })
        .await;

        assert_eq!(run.reply.as_deref(), Ok("report: 200 OK"));
        assert_eq!(run.served.len(), 3);
    }
}
