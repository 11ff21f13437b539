//! Running in production: the tokio twin of the Python chapter.
//!
//! Five wrong/correct pairs about a service's life outside the happy path:
//! stopping on SIGTERM without cutting jobs off, a Ctrl-C that must not be
//! retried away, a background task stopped before the connection it uses, a
//! health check that looks at progress rather than presence, and a monitor
//! that reports on a fixed timetable. The numbers match the Python pairs.
//!
//! Nothing here sends a real signal, because the tests share one process.
//! Every function takes its shutdown trigger as a future (or, for Ctrl-C, a
//! way to wait for the next one); the `signals` anchor shows the real wiring,
//! and the tests pass a `sleep` on tokio's paused clock instead.
//!
//! Run its tests with `cargo test -p tokio-twins production`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{Instant, interval_at, sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The workers of the graceful-shutdown pair and how long each one's jobs take.
pub const WORKERS: [(&str, Duration); 2] = [
    ("worker-a", Duration::from_millis(1000)),
    ("worker-b", Duration::from_millis(800)),
];
/// How long the service gives the jobs in flight before it stops anyway.
pub const GRACE: Duration = Duration::from_secs(10);
/// How long the simulated work queue takes to answer one poll.
pub const POLL_TIME: Duration = Duration::from_secs(1);
/// How often the metrics flusher saves its counters.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// How long one write to the simulated database takes, and closing it.
pub const DB_TIME: Duration = Duration::from_millis(100);
/// How often the simulated broker delivers a message while it works.
pub const MESSAGE_EVERY: Duration = Duration::from_millis(400);
/// How long a healthy consumer may go without a message.
pub const QUIET_LIMIT: Duration = Duration::from_secs(1);
/// How often the sensor feed delivers a reading, from 50 ms on.
pub const READING_EVERY: Duration = Duration::from_millis(100);
/// How often the monitor reports.
pub const REPORT_EVERY: Duration = Duration::from_secs(1);
/// How long pushing the figures to the metrics collector takes.
pub const PUSH_TIME: Duration = Duration::from_millis(200);

pub use crate::event_log::Log;

// ---------------------------------------------------------------------------
// Graceful shutdown
// ---------------------------------------------------------------------------

// ANCHOR: signals
/// Completes at the first SIGTERM (from systemd, Kubernetes, `kill`) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("listening for Ctrl-C");
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        let mut sigterm = signal(SignalKind::terminate()).expect("listening for SIGTERM");
        sigterm.recv().await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The service as production runs it, from `#[tokio::main] async fn main()`.
pub async fn run_service() {
    serve_then_drain(shutdown_signal(), Log::start()).await;
}
// ANCHOR_END: signals

/// Says that a job was cut off if its future is dropped before the job ends:
/// in tokio, cancelling a task means dropping it at the await it is stuck in.
struct JobInFlight<'a> {
    name: &'static str,
    job: u32,
    log: &'a Log,
    finished: bool,
}

impl Drop for JobInFlight<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let (name, job) = (self.name, self.job);
            self.log.say(format!("{name} job {job} cut off halfway"));
        }
    }
}

// ANCHOR: worker
async fn worker(name: &'static str, job_time: Duration, stop: CancellationToken, log: Log) {
    let mut done = 0;
    // Starts a new job only while nobody asked to stop.
    while !stop.is_cancelled() {
        let mut job = JobInFlight {
            name,
            job: done + 1,
            log: &log,
            finished: false,
        };
        sleep(job_time).await; // simulated job, e.g. charge a card
        job.finished = true;
        done += 1;
        log.say(format!("{name} finished job {done}"));
    }
    log.say(format!("{name} stops after {done} jobs"));
}
// ANCHOR_END: worker

// ANCHOR: graceful_wrong
pub async fn serve_then_abort(shutdown: impl Future<Output = ()>, log: Log) {
    let stop = CancellationToken::new();
    let mut workers = JoinSet::new();
    for (name, job_time) in WORKERS {
        workers.spawn(worker(name, job_time, stop.clone(), log.clone()));
    }
    shutdown.await;
    log.say("SIGTERM received");
    stop.cancel();
    // Aborts every worker where it waits: the jobs in flight are dropped halfway.
    workers.shutdown().await;
    log.say("exit");
}
// ANCHOR_END: graceful_wrong

// ANCHOR: graceful_correct
pub async fn serve_then_drain(shutdown: impl Future<Output = ()>, log: Log) {
    let stop = CancellationToken::new();
    let workers = TaskTracker::new();
    for (name, job_time) in WORKERS {
        workers.spawn(worker(name, job_time, stop.clone(), log.clone()));
    }
    workers.close(); // no more workers will join, so wait() can complete
    shutdown.await;
    log.say("SIGTERM received");
    stop.cancel(); // each worker sees it after its current job
    // The grace period, shorter than the orchestrator's wait before SIGKILL.
    if timeout(GRACE, workers.wait()).await.is_err() {
        log.say("grace period over: leaving the rest to be dropped");
    }
    log.say("exit");
}
// ANCHOR_END: graceful_correct

// ---------------------------------------------------------------------------
// Ctrl-C
// ---------------------------------------------------------------------------

/// Why a poll did not bring work: an error worth retrying, or a Ctrl-C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollError {
    Connection,
    Interrupted,
}

/// A simulated work queue: every poll takes 1 s, and the second one fails.
#[derive(Debug, Default)]
pub struct WorkQueue {
    calls: AtomicU32,
}

impl WorkQueue {
    async fn poll(&self) -> Result<(), PollError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        sleep(POLL_TIME).await;
        if call == 2 {
            return Err(PollError::Connection);
        }
        Ok(())
    }
}

// ANCHOR: ctrl_c_poll
/// One poll, unless a Ctrl-C comes first: then the poll is dropped mid-flight.
/// In production `ctrl_c` is `tokio::signal::ctrl_c()`, which waits for the next one.
async fn poll_once(queue: &WorkQueue, ctrl_c: impl Future<Output = ()>) -> Result<(), PollError> {
    tokio::select! {
        result = queue.poll() => result,
        () = ctrl_c => Err(PollError::Interrupted),
    }
}
// ANCHOR_END: ctrl_c_poll

// ANCHOR: ctrl_c_wrong
/// Polls until three polls succeed; says whether a Ctrl-C ended it early.
pub async fn poll_retrying_everything<C, F>(mut next_ctrl_c: C, log: &Log) -> bool
where
    C: FnMut() -> F,
    F: Future<Output = ()>,
{
    let queue = WorkQueue::default();
    let mut done = 0;
    while done < 3 {
        match poll_once(&queue, next_ctrl_c()).await {
            Ok(()) => {
                done += 1;
                log.say(format!("poll {done} done"));
            }
            // A catch-all arm: the Ctrl-C is "retried" like any error.
            Err(error) => log.say(format!("{error:?}, retrying")),
        }
    }
    log.say("connection closed");
    false
}
// ANCHOR_END: ctrl_c_wrong

// ANCHOR: ctrl_c_correct
/// Polls until three polls succeed; says whether a Ctrl-C ended it early.
pub async fn poll_until_ctrl_c<C, F>(mut next_ctrl_c: C, log: &Log) -> bool
where
    C: FnMut() -> F,
    F: Future<Output = ()>,
{
    let queue = WorkQueue::default();
    let (mut done, mut interrupted) = (0, false);
    while done < 3 {
        match poll_once(&queue, next_ctrl_c()).await {
            Ok(()) => {
                done += 1;
                log.say(format!("poll {done} done"));
            }
            Err(PollError::Interrupted) => {
                interrupted = true;
                break;
            }
            Err(error) => log.say(format!("{error:?}, retrying")),
        }
    }
    log.say("connection closed");
    interrupted
}
// ANCHOR_END: ctrl_c_correct

// ---------------------------------------------------------------------------
// Application lifetime
// ---------------------------------------------------------------------------

/// What the simulated database says about a write on a closed connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionClosed(pub &'static str);

impl std::fmt::Display for ConnectionClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot save {}: the connection is closed", self.0)
    }
}

/// A simulated database connection: a save takes 0.1 s, and so does closing.
#[derive(Debug, Default)]
pub struct Database {
    closed: AtomicBool,
    saved: Mutex<Vec<&'static str>>,
}

impl Database {
    async fn save(&self, what: &'static str, log: &Log) -> Result<(), ConnectionClosed> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(ConnectionClosed(what));
        }
        sleep(DB_TIME).await;
        self.saved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(what);
        log.say(format!("{what} saved"));
        Ok(())
    }

    async fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        sleep(DB_TIME).await; // says goodbye to the server
    }

    /// Everything that reached the database, in order.
    pub fn saved(&self) -> Vec<&'static str> {
        self.saved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

// ANCHOR: flusher
/// Lives as long as the application: saves its counters every second.
async fn flush_metrics(
    db: Arc<Database>,
    stop: CancellationToken,
    log: Log,
) -> Result<(), ConnectionClosed> {
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            () = sleep(FLUSH_EVERY) => db.save("metrics", &log).await?,
        }
    }
    // On the way out, save what was counted since the last save.
    db.save("last metrics", &log).await
}
// ANCHOR_END: flusher

// ANCHOR: lifetime_wrong
pub async fn lifespan_stop_and_go(serve: impl Future<Output = ()>, log: Log) -> Arc<Database> {
    let db = Arc::new(Database::default()); // opened first, so it must close last
    let stop = CancellationToken::new();
    tokio::spawn(flush_metrics(Arc::clone(&db), stop.clone(), log.clone()));
    serve.await;
    stop.cancel(); // only asks it to stop: it is still running below
    db.close().await;
    log.say("database closed");
    db
}
// ANCHOR_END: lifetime_wrong

// ANCHOR: lifetime_correct
pub async fn lifespan_stop_and_wait(serve: impl Future<Output = ()>, log: Log) -> Arc<Database> {
    let db = Arc::new(Database::default()); // opened first, so it must close last
    let stop = CancellationToken::new();
    let flusher = tokio::spawn(flush_metrics(Arc::clone(&db), stop.clone(), log.clone()));
    serve.await;
    stop.cancel();
    // Wait until it has really stopped: its last save needs the connection.
    if let Ok(Err(error)) = flusher.await {
        log.say(format!("metrics flusher failed: {error}"));
    }
    db.close().await;
    log.say("database closed");
    db
}
// ANCHOR_END: lifetime_correct

// ---------------------------------------------------------------------------
// Health check
// ---------------------------------------------------------------------------

/// What the consumer publishes after every message.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub handled: u32,
    pub at: Instant,
}

/// A simulated broker: a message every 0.4 s until the connection silently
/// dies after the third: no data, no error, no end.
async fn receive(n: u32) {
    if n > 3 {
        std::future::pending::<()>().await;
    }
    sleep(MESSAGE_EVERY).await;
}

// ANCHOR: consumer
async fn consume(progress: watch::Sender<Progress>) {
    let mut handled = 0;
    loop {
        receive(handled + 1).await;
        handled += 1;
        // A watch channel keeps only the latest value: cheap to send, cheap to read.
        progress.send_replace(Progress {
            handled,
            at: Instant::now(),
        });
    }
}
// ANCHOR_END: consumer

// ANCHOR: health_wrong
pub fn health_task_alive(consumer: &JoinHandle<()>, _progress: &Progress) -> String {
    // Only asks whether the task is alive, not whether it works.
    if consumer.is_finished() {
        return "503 consumer stopped".into();
    }
    "200 OK".into()
}
// ANCHOR_END: health_wrong

// ANCHOR: health_correct
pub fn health_making_progress(consumer: &JoinHandle<()>, progress: &Progress) -> String {
    if consumer.is_finished() {
        return "503 consumer stopped".into();
    }
    // Alive is not enough: a healthy consumer gets a message every 0.4 s.
    let quiet = progress.at.elapsed();
    if quiet > QUIET_LIMIT {
        return format!("503 no progress for {:.2}s", quiet.as_secs_f64());
    }
    "200 OK".into()
}
// ANCHOR_END: health_correct

/// Starts the consumer and plays the orchestrator's probe: `GET /health`
/// every second, four times.
pub async fn probe_four_times(health: fn(&JoinHandle<()>, &Progress) -> String, log: &Log) {
    let (sender, progress) = watch::channel(Progress {
        handled: 0,
        at: Instant::now(),
    });
    let consumer = tokio::spawn(consume(sender));
    for _ in 0..4 {
        sleep(Duration::from_secs(1)).await;
        let now = *progress.borrow();
        let answer = health(&consumer, &now);
        log.say(format!("{answer}, {} orders handled", now.handled));
    }
    consumer.abort();
}

// ---------------------------------------------------------------------------
// Monitor
// ---------------------------------------------------------------------------

/// The real-time processor: handles one reading from a simulated sensor feed
/// every 0.1 s, from 0.05 s on.
async fn process(handled: Arc<AtomicU32>) {
    sleep(READING_EVERY / 2).await;
    loop {
        handled.fetch_add(1, Ordering::SeqCst);
        sleep(READING_EVERY).await;
    }
}

/// Sends the figures to a simulated metrics collector.
async fn push_metrics(_readings_per_second: f64) {
    sleep(PUSH_TIME).await;
}

/// Reads the counter, logs the rate since the last report, and returns it.
fn report(seen: &mut u32, handled: &AtomicU32, log: &Log) -> f64 {
    let now = handled.load(Ordering::SeqCst);
    let rate = f64::from(now - *seen) / REPORT_EVERY.as_secs_f64();
    *seen = now;
    log.say(format!("{rate:.0} readings/s"));
    rate
}

// ANCHOR: monitor_wrong
pub async fn monitor_sleeping(handled: Arc<AtomicU32>, log: Log) {
    let mut seen = 0;
    loop {
        sleep(REPORT_EVERY).await; // plus the push's 0.2 s: each round takes 1.2 s
        let rate = report(&mut seen, &handled, &log);
        push_metrics(rate).await;
    }
}
// ANCHOR_END: monitor_wrong

// ANCHOR: monitor_correct
pub async fn monitor_on_a_timetable(handled: Arc<AtomicU32>, log: Log) {
    let mut seen = 0;
    // Ticks at 1 s, 2 s, 3 s..., however long each push takes.
    let mut ticks = interval_at(Instant::now() + REPORT_EVERY, REPORT_EVERY);
    loop {
        ticks.tick().await;
        let rate = report(&mut seen, &handled, &log);
        push_metrics(rate).await;
    }
}
// ANCHOR_END: monitor_correct

/// Runs the processor and `monitor` side by side for 4.9 s, then stops both
/// and returns how many readings were handled in all.
pub async fn run_processor<M, F>(monitor: M, log: Log) -> u32
where
    M: FnOnce(Arc<AtomicU32>, Log) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let handled = Arc::new(AtomicU32::new(0));
    let mut tasks = JoinSet::new();
    tasks.spawn(process(Arc::clone(&handled)));
    tasks.spawn(monitor(Arc::clone(&handled), log.clone()));
    sleep(Duration::from_millis(4900)).await; // the processor runs until shutdown
    tasks.shutdown().await;
    let total = handled.load(Ordering::SeqCst);
    log.say(format!("{total} readings in all"));
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::Notify;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn events(expected: &[(u64, &str)]) -> Vec<(Duration, String)> {
        expected
            .iter()
            .map(|&(at, what)| (ms(at), what.to_string()))
            .collect()
    }

    /// Ctrl-C presses, one stored notification per press, like signal deliveries.
    fn ctrl_c_at(after: Duration) -> Arc<Notify> {
        let presses = Arc::new(Notify::new());
        let press = Arc::clone(&presses);
        tokio::spawn(async move {
            sleep(after).await;
            press.notify_one();
        });
        presses
    }

    fn next_press(presses: &Arc<Notify>) -> impl FnMut() -> tokio::sync::futures::OwnedNotified {
        let presses = Arc::clone(presses);
        move || Arc::clone(&presses).notified_owned()
    }

    #[tokio::test(start_paused = true)]
    async fn graceful_shutdown_wrong_cuts_the_jobs_in_flight_off() {
        let log = Log::start();

        serve_then_abort(sleep(ms(2500)), log.clone()).await;

        assert_eq!(
            log.events(),
            events(&[
                (800, "worker-b finished job 1"),
                (1000, "worker-a finished job 1"),
                (1600, "worker-b finished job 2"),
                (2000, "worker-a finished job 2"),
                (2400, "worker-b finished job 3"),
                (2500, "SIGTERM received"),
                (2500, "worker-a job 3 cut off halfway"),
                (2500, "worker-b job 4 cut off halfway"),
                (2500, "exit"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn graceful_shutdown_correct_lets_the_jobs_in_flight_finish() {
        let log = Log::start();

        serve_then_drain(sleep(ms(2500)), log.clone()).await;

        assert_eq!(
            log.events(),
            events(&[
                (800, "worker-b finished job 1"),
                (1000, "worker-a finished job 1"),
                (1600, "worker-b finished job 2"),
                (2000, "worker-a finished job 2"),
                (2400, "worker-b finished job 3"),
                (2500, "SIGTERM received"),
                (3000, "worker-a finished job 3"),
                (3000, "worker-a stops after 3 jobs"),
                (3200, "worker-b finished job 4"),
                (3200, "worker-b stops after 4 jobs"),
                (3200, "exit"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn ctrl_c_wrong_retries_the_interruption_away() {
        let log = Log::start();
        let presses = ctrl_c_at(ms(2500));

        let interrupted = poll_retrying_everything(next_press(&presses), &log).await;

        assert!(!interrupted);
        assert_eq!(
            log.events(),
            events(&[
                (1000, "poll 1 done"),
                (2000, "Connection, retrying"),
                (2500, "Interrupted, retrying"),
                (3500, "poll 2 done"),
                (4500, "poll 3 done"),
                (4500, "connection closed"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn ctrl_c_correct_stops_at_the_first_press() {
        let log = Log::start();
        let presses = ctrl_c_at(ms(2500));

        let interrupted = poll_until_ctrl_c(next_press(&presses), &log).await;

        assert!(interrupted);
        assert_eq!(
            log.events(),
            events(&[
                (1000, "poll 1 done"),
                (2000, "Connection, retrying"),
                (2500, "connection closed"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn app_lifetime_wrong_closes_the_database_under_the_flusher() {
        let log = Log::start();

        let db = lifespan_stop_and_go(sleep(ms(2500)), log.clone()).await;
        log.say("application stopped");

        assert_eq!(db.saved(), ["metrics", "metrics"]);
        assert_eq!(
            log.events(),
            events(&[
                (1100, "metrics saved"),
                (2200, "metrics saved"),
                (2600, "database closed"),
                (2600, "application stopped"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn app_lifetime_correct_waits_for_the_last_save() {
        let log = Log::start();

        let db = lifespan_stop_and_wait(sleep(ms(2500)), log.clone()).await;
        log.say("application stopped");

        assert_eq!(db.saved(), ["metrics", "metrics", "last metrics"]);
        assert_eq!(
            log.events(),
            events(&[
                (1100, "metrics saved"),
                (2200, "metrics saved"),
                (2600, "last metrics saved"),
                (2700, "database closed"),
                (2700, "application stopped"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn health_check_wrong_says_ok_while_the_consumer_hangs() {
        let log = Log::start();

        probe_four_times(health_task_alive, &log).await;

        assert_eq!(
            log.events(),
            events(&[
                (1000, "200 OK, 2 orders handled"),
                (2000, "200 OK, 3 orders handled"),
                (3000, "200 OK, 3 orders handled"),
                (4000, "200 OK, 3 orders handled"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn health_check_correct_reports_the_missing_progress() {
        let log = Log::start();

        probe_four_times(health_making_progress, &log).await;

        assert_eq!(
            log.events(),
            events(&[
                (1000, "200 OK, 2 orders handled"),
                (2000, "200 OK, 3 orders handled"),
                (3000, "503 no progress for 1.80s, 3 orders handled"),
                (4000, "503 no progress for 2.80s, 3 orders handled"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn monitor_wrong_drifts_and_overstates_the_rate() {
        let log = Log::start();

        let total = run_processor(monitor_sleeping, log.clone()).await;

        assert_eq!(total, 49);
        assert_eq!(
            log.events(),
            events(&[
                (1000, "10 readings/s"),
                (2200, "12 readings/s"),
                (3400, "12 readings/s"),
                (4600, "12 readings/s"),
                (4900, "49 readings in all"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn monitor_correct_reports_on_the_second() {
        let log = Log::start();

        let total = run_processor(monitor_on_a_timetable, log.clone()).await;

        assert_eq!(total, 49);
        assert_eq!(
            log.events(),
            events(&[
                (1000, "10 readings/s"),
                (2000, "10 readings/s"),
                (3000, "10 readings/s"),
                (4000, "10 readings/s"),
                (4900, "49 readings in all"),
            ])
        );
    }
}
