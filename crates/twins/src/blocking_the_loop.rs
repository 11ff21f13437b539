//! Blocking the event loop: the tokio twin of the Python chapter.
//!
//! Six wrong/correct pairs. In the first five, each wrong version does
//! blocking work on the thread the runtime polls its tasks on, so every other
//! task waits; each correct version awaits a non-blocking equivalent or hands
//! the work to tokio's blocking pool. The numbers match the Python pairs:
//! 3.00 s against 1.00 s, a heartbeat 0.4 s late against one on time, 1.50 s
//! against 0.30 s, 0.80 s against 0.20 s, and four CPU jobs in 2 s (a
//! heartbeat 1.9 s late) against 0.5 s. The sixth pair is a lag monitor, which
//! finds such stalls: built on `tokio::time::interval`, it reports one 0.3 s
//! stall once only if missed ticks are not fired in a burst.
//!
//! Run its tests with `cargo test -p tokio-twins blocking_the_loop`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, Interval, MissedTickBehavior};

/// How often the heartbeat in the CPU pair ticks.
pub const TICK: Duration = Duration::from_millis(100);
/// How long the CPU-heavy job keeps a core busy.
pub const CRUNCH_TIME: Duration = Duration::from_millis(500);
/// How long the simulated service takes to answer one request.
pub const SERVICE_LATENCY: Duration = Duration::from_millis(300);
/// How long one call into the legacy library blocks.
pub const LEGACY_CALL: Duration = Duration::from_millis(200);
/// How long the invoice renderer in the lag pair keeps the thread busy.
pub const INVOICE_TIME: Duration = Duration::from_millis(300);
/// How long the simulated database in the lag pair takes to answer.
pub const DB_TIME: Duration = Duration::from_millis(100);
/// How often the lag monitor wakes up.
pub const LAG_INTERVAL: Duration = Duration::from_millis(100);
/// How late a wake-up must be before the lag monitor reports it.
pub const LAG_THRESHOLD: Duration = Duration::from_millis(100);

// ANCHOR: sleep_wrong
async fn handle_request_blocking(id: u32) -> u32 {
    // Parks the whole thread, so join! gets no chance to switch to the others.
    std::thread::sleep(Duration::from_secs(1));
    id
}

pub async fn serve_three_blocking() -> [u32; 3] {
    let (a, b, c) = tokio::join!(
        handle_request_blocking(1),
        handle_request_blocking(2),
        handle_request_blocking(3),
    );
    [a, b, c]
}
// ANCHOR_END: sleep_wrong

// ANCHOR: sleep_correct
async fn handle_request(id: u32) -> u32 {
    // Sets a timer and yields, so the three waits overlap.
    tokio::time::sleep(Duration::from_secs(1)).await;
    id
}

pub async fn serve_three() -> [u32; 3] {
    let (a, b, c) = tokio::join!(handle_request(1), handle_request(2), handle_request(3));
    [a, b, c]
}
// ANCHOR_END: sleep_correct

// ANCHOR: crunch
/// Stands in for real number crunching: keeps one core busy for 0.5 s.
pub fn crunch() {
    crunch_for(CRUNCH_TIME);
}

/// Keeps one core busy for `length`.
pub fn crunch_for(length: Duration) {
    // A deadline rather than a fixed amount of work, so it takes as long on any machine.
    let deadline = std::time::Instant::now() + length;
    let mut state = 1_u64;
    while std::time::Instant::now() < deadline {
        state = std::hint::black_box(
            state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1),
        );
    }
}
// ANCHOR_END: crunch

// ANCHOR: heartbeat
/// Ticks every 0.1 s and records when each tick really happened.
pub async fn heartbeat(start: Instant, ticks: usize) -> Vec<Duration> {
    let mut seen = Vec::with_capacity(ticks);
    for _ in 0..ticks {
        seen.push(start.elapsed());
        // A plain sleep, like the Python loop: a late tick delays all later ones too.
        tokio::time::sleep(TICK).await;
    }
    seen
}
// ANCHOR_END: heartbeat

// ANCHOR: cpu_wrong
pub async fn crunch_inline() {
    // The runtime's own thread does the crunching; the heartbeat waits until it's done.
    crunch();
}
// ANCHOR_END: cpu_wrong

// ANCHOR: cpu_correct
pub async fn crunch_offloaded() {
    // The blocking pool's thread does the crunching; awaiting the handle yields.
    tokio::task::spawn_blocking(crunch)
        .await
        .expect("crunch panicked");
}
// ANCHOR_END: cpu_correct

/// When each heartbeat tick and the end of the job happened, from the start.
#[derive(Debug)]
pub struct Timeline {
    pub ticks: Vec<Duration>,
    pub job_done: Duration,
}

/// Runs `job` while a heartbeat takes six ticks (due at 0.0 s to 0.5 s).
pub async fn crunch_beside_heartbeat(job: impl Future<Output = ()>) -> Timeline {
    let start = Instant::now();
    let heartbeat = tokio::spawn(heartbeat(start, 6));
    // Let the heartbeat take its first tick before the job can get in its way.
    tokio::task::yield_now().await;
    job.await;
    let job_done = start.elapsed();
    let ticks = heartbeat.await.expect("heartbeat panicked");
    Timeline { ticks, job_done }
}

/// Counts calls in progress and remembers the most there ever were at once,
/// which is how the tests see overlap without trusting a wall clock.
#[derive(Debug, Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

struct GaugeGuard<'a>(&'a Gauge);

impl Gauge {
    fn enter(&self) -> GaugeGuard<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        GaugeGuard(self)
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A pretend web service: every request takes 0.3 s to answer.
#[derive(Debug, Default)]
pub struct Service {
    requests: Gauge,
}

impl Service {
    /// Like `requests.get`: the calling thread waits out the whole round trip.
    pub fn get_blocking(&self, url: &str) -> String {
        let _request = self.requests.enter();
        std::thread::sleep(SERVICE_LATENCY);
        format!("body of {url}")
    }

    /// Like an `httpx.AsyncClient` call: the task yields while it waits.
    pub async fn get(&self, url: &str) -> String {
        let _request = self.requests.enter();
        tokio::time::sleep(SERVICE_LATENCY).await;
        format!("body of {url}")
    }

    /// The most requests that were ever in progress at the same time.
    pub fn peak_in_flight(&self) -> usize {
        self.requests.peak()
    }
}

// ANCHOR: client_wrong
pub async fn fetch_all_blocking(service: &Service, urls: &[&str]) -> Vec<String> {
    // Each get holds the runtime's thread for the full round trip, one URL after another.
    urls.iter().map(|url| service.get_blocking(url)).collect()
}
// ANCHOR_END: client_wrong

// ANCHOR: client_correct
pub async fn fetch_all(service: Arc<Service>, urls: &[&str]) -> Vec<String> {
    let mut requests = JoinSet::new();
    for (index, url) in urls.iter().enumerate() {
        let (service, url) = (Arc::clone(&service), url.to_string());
        requests.spawn(async move { (index, service.get(&url).await) });
    }
    // join_all returns bodies as they finish; sorting restores gather's input order.
    let mut bodies = requests.join_all().await;
    bodies.sort_by_key(|&(index, _)| index);
    bodies.into_iter().map(|(_, body)| body).collect()
}
// ANCHOR_END: client_correct

/// Stands in for a library that only has blocking calls, 0.2 s each.
#[derive(Debug, Default)]
pub struct LegacyLibrary {
    calls: Gauge,
}

impl LegacyLibrary {
    pub fn lookup(&self, key: u32) -> u32 {
        let _call = self.calls.enter();
        std::thread::sleep(LEGACY_CALL);
        key * 10
    }

    /// The most calls that were ever in progress at the same time.
    pub fn peak_in_flight(&self) -> usize {
        self.calls.peak()
    }
}

// ANCHOR: executor_wrong
pub async fn lookup_all_inline(library: &LegacyLibrary, keys: &[u32]) -> Vec<u32> {
    // Every call freezes the runtime for 0.2 s, so the calls run back to back.
    keys.iter().map(|&key| library.lookup(key)).collect()
}
// ANCHOR_END: executor_wrong

// ANCHOR: executor_correct
pub async fn lookup_all_offloaded(library: Arc<LegacyLibrary>, keys: &[u32]) -> Vec<u32> {
    // Start every call before awaiting any, so they all run at once on the blocking pool.
    let calls: Vec<_> = keys
        .iter()
        .map(|&key| {
            let library = Arc::clone(&library);
            tokio::task::spawn_blocking(move || library.lookup(key))
        })
        .collect();
    let mut results = Vec::with_capacity(calls.len());
    for call in calls {
        results.push(call.await.expect("lookup panicked"));
    }
    results
}
// ANCHOR_END: executor_correct

// ANCHOR: pool_wrong
pub async fn four_jobs_inline() {
    for _ in 0..4 {
        // Four jobs one after another on the runtime's own thread: 2 s, and nothing else runs.
        crunch();
    }
}
// ANCHOR_END: pool_wrong

// ANCHOR: pool_correct
pub async fn four_jobs_in_parallel() {
    let mut jobs = JoinSet::new();
    for _ in 0..4 {
        // No GIL in Rust: four threads of the blocking pool crunch on four cores at once.
        jobs.spawn_blocking(crunch);
    }
    jobs.join_all().await;
}
// ANCHOR_END: pool_correct

// ANCHOR: lag_app
/// Looks like a quick library call, but computes for 0.3 s.
pub fn render_invoice() {
    crunch_for(INVOICE_TIME);
}

/// Answers one order: it arrives `arrives` after `start` and needs the
/// database; order B also renders an invoice. Returns how long it took.
async fn handle(order: char, arrives: Duration, start: Instant) -> Duration {
    tokio::time::sleep_until(start + arrives).await;
    let received = Instant::now();
    tokio::time::sleep(DB_TIME).await; // the database answers
    if order == 'B' {
        render_invoice(); // blocks the runtime's thread for 0.3 s
    }
    received.elapsed()
}

/// Orders A, B and C arrive at 0, 0.1 and 0.15 s; returns how long each took.
pub async fn serve_orders() -> [Duration; 3] {
    let start = Instant::now();
    let ms = Duration::from_millis;
    let (a, b, c) = tokio::join!(
        handle('A', ms(0), start),
        handle('B', ms(100), start),
        handle('C', ms(150), start),
    );
    [a, b, c]
}
// ANCHOR_END: lag_app

/// Where a lag monitor records the stalls it notices.
pub type Stalls = Arc<StdMutex<Vec<Duration>>>;

// ANCHOR: lag_watch
/// Records how late each tick of `ticks` came, when 0.1 s or more.
async fn watch_ticks(mut ticks: Interval, stalls: Stalls) {
    loop {
        let due = ticks.tick().await; // when this tick was meant to fire
        let lag = due.elapsed();
        if lag >= LAG_THRESHOLD {
            stalls.lock().expect("poisoned").push(lag);
        }
    }
}
// ANCHOR_END: lag_watch

// ANCHOR: lag_wrong
pub async fn watch_bursting(stalls: Stalls) {
    // By default an interval fires the ticks it missed as fast as it can.
    let ticks = tokio::time::interval(LAG_INTERVAL);
    watch_ticks(ticks, stalls).await;
}
// ANCHOR_END: lag_wrong

// ANCHOR: lag_correct
pub async fn watch(stalls: Stalls) {
    let mut ticks = tokio::time::interval(LAG_INTERVAL);
    // After a stall, wait a whole interval again: one stall, one report.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    watch_ticks(ticks, stalls).await;
}
// ANCHOR_END: lag_correct

/// Serves the three orders with `monitor` watching the runtime beside them;
/// returns how long each order took and the stalls the monitor reported.
pub async fn serve_watched<M, F>(monitor: M) -> ([Duration; 3], Vec<Duration>)
where
    M: FnOnce(Stalls) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let stalls = Arc::new(StdMutex::new(Vec::new()));
    let watching = tokio::spawn(monitor(Arc::clone(&stalls)));
    let took = serve_orders().await;
    // A real monitor runs as long as the program; this one gets one more
    // interval, so that a wake-up due when the orders ended is still seen.
    tokio::time::sleep(LAG_INTERVAL).await;
    watching.abort();
    let stalls = stalls.lock().expect("poisoned").clone();
    (took, stalls)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URLS: [&str; 5] = ["/a", "/b", "/c", "/d", "/e"];
    const KEYS: [u32; 4] = [1, 2, 3, 4];

    fn bodies_of(urls: &[&str]) -> Vec<String> {
        urls.iter().map(|url| format!("body of {url}")).collect()
    }

    fn ticks_before_job_done(timeline: &Timeline) -> usize {
        timeline
            .ticks
            .iter()
            .filter(|&&tick| tick < timeline.job_done)
            .count()
    }

    // The paused clock only moves when the runtime is idle, and a thread stuck
    // in std::thread::sleep is not idle, so this pair's wrong half is timed on
    // the real clock while tokio's clock shows that it never saw the wait.
    #[tokio::test(start_paused = true)]
    async fn sleep_wrong_runs_the_handlers_one_after_another() {
        let tokio_start = Instant::now();
        let wall_start = std::time::Instant::now();

        assert_eq!(serve_three_blocking().await, [1, 2, 3]);

        // Three 1 s waits can only take 3 s in all if none overlapped.
        let wall = wall_start.elapsed();
        assert!(wall >= Duration::from_secs(3), "took {wall:?}");
        assert_eq!(tokio_start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn sleep_correct_runs_the_handlers_together() {
        let start = Instant::now();

        assert_eq!(serve_three().await, [1, 2, 3]);

        assert_eq!(start.elapsed(), Duration::from_millis(1000));
    }

    // Both CPU tests use the real clock: under a paused clock tokio also stops
    // time while a spawn_blocking task runs, so the heartbeat would look
    // starved even in the correct version.
    #[tokio::test]
    async fn cpu_wrong_starves_the_heartbeat() {
        let timeline = crunch_beside_heartbeat(crunch_inline()).await;

        // Only the tick taken before the crunch began got in.
        assert_eq!(ticks_before_job_done(&timeline), 1, "{timeline:?}");
        let late_by = timeline.ticks[1] - timeline.ticks[0] - TICK;
        assert!(late_by >= Duration::from_millis(400), "{timeline:?}");
    }

    #[tokio::test]
    async fn cpu_correct_keeps_the_heartbeat_on_time() {
        let timeline = crunch_beside_heartbeat(crunch_offloaded()).await;

        assert!(timeline.job_done >= CRUNCH_TIME, "{timeline:?}");
        // Five ticks fall due before 0.5 s; demanding three leaves room for a
        // busy machine while still ruling out the single tick of the wrong version.
        assert!(ticks_before_job_done(&timeline) >= 3, "{timeline:?}");
    }

    #[tokio::test]
    async fn client_wrong_fetches_one_url_at_a_time() {
        let service = Service::default();
        let start = std::time::Instant::now();

        assert_eq!(fetch_all_blocking(&service, &URLS).await, bodies_of(&URLS));

        assert_eq!(service.peak_in_flight(), 1);
        let wall = start.elapsed();
        assert!(wall >= Duration::from_millis(1500), "took {wall:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn client_correct_fetches_every_url_at_once() {
        let service = Arc::new(Service::default());
        let start = Instant::now();

        assert_eq!(
            fetch_all(Arc::clone(&service), &URLS).await,
            bodies_of(&URLS)
        );

        assert_eq!(start.elapsed(), Duration::from_millis(300));
        assert_eq!(service.peak_in_flight(), 5);
    }

    #[tokio::test]
    async fn executor_wrong_runs_the_calls_back_to_back() {
        let library = LegacyLibrary::default();
        let start = std::time::Instant::now();

        assert_eq!(lookup_all_inline(&library, &KEYS).await, [10, 20, 30, 40]);

        assert_eq!(library.peak_in_flight(), 1);
        let wall = start.elapsed();
        assert!(wall >= Duration::from_millis(800), "took {wall:?}");
    }

    // spawn_blocking work never shows on a paused clock (see the next test),
    // so this one counts overlapping calls and times with the real clock.
    #[tokio::test]
    async fn executor_correct_runs_the_calls_side_by_side() {
        let library = Arc::new(LegacyLibrary::default());
        let start = std::time::Instant::now();

        let results = lookup_all_offloaded(Arc::clone(&library), &KEYS).await;

        assert_eq!(results, [10, 20, 30, 40]);
        assert_eq!(library.peak_in_flight(), 4);
        let wall = start.elapsed();
        assert!(wall >= LEGACY_CALL, "took {wall:?}");
    }

    // Real clock, like the CPU pair: a paused clock stands still while a
    // thread computes.
    #[tokio::test]
    async fn pool_wrong_runs_the_jobs_back_to_back_and_starves_the_heartbeat() {
        let timeline = crunch_beside_heartbeat(four_jobs_inline()).await;

        assert!(timeline.job_done >= 4 * CRUNCH_TIME, "{timeline:?}");
        assert_eq!(ticks_before_job_done(&timeline), 1, "{timeline:?}");
        let late_by = timeline.ticks[1] - timeline.ticks[0] - TICK;
        assert!(late_by >= Duration::from_millis(1900), "{timeline:?}");
    }

    #[tokio::test]
    async fn pool_correct_runs_the_jobs_side_by_side() {
        let timeline = crunch_beside_heartbeat(four_jobs_in_parallel()).await;

        assert!(timeline.job_done >= CRUNCH_TIME, "{timeline:?}");
        // crunch keeps to a deadline, so four at once end together even on
        // fewer cores; back to back they would need 2 s.
        assert!(timeline.job_done < 2 * CRUNCH_TIME, "{timeline:?}");
        assert!(ticks_before_job_done(&timeline) >= 3, "{timeline:?}");
    }

    // The lag tests use the real clock too: the monitor has to see the
    // thread-blocking render as time that passed.
    #[tokio::test]
    async fn lag_app_answers_order_c_late_because_of_order_b() {
        let [a, b, c] = serve_orders().await;

        assert!(a >= DB_TIME && a < DB_TIME + INVOICE_TIME / 2, "{a:?}");
        assert!(b >= DB_TIME + INVOICE_TIME, "{b:?}");
        // C needs only the database's 0.1 s, but waits out most of B's render.
        assert!(c >= DB_TIME + INVOICE_TIME / 2, "{c:?}");
    }

    #[tokio::test]
    async fn lag_wrong_reports_one_stall_several_times() {
        let (_, stalls) = serve_watched(watch_bursting).await;

        // The late tick, then the missed ones fired back to back, each a
        // little less late: one 0.3 s stall, reported two or three times.
        assert!(stalls.len() >= 2, "{stalls:?}");
        assert!(
            stalls.windows(2).all(|pair| pair[1] < pair[0]),
            "{stalls:?}"
        );
    }

    #[tokio::test]
    async fn lag_correct_reports_the_stall_once() {
        let (_, stalls) = serve_watched(watch).await;

        assert_eq!(stalls.len(), 1, "{stalls:?}");
        // How late the monitor woke: the stall, less any part of it that came
        // before the monitor's wake-up was due (at most one interval).
        assert!(stalls[0] >= INVOICE_TIME - LAG_INTERVAL, "{stalls:?}");
        assert!(stalls[0] < INVOICE_TIME + LAG_INTERVAL, "{stalls:?}");
    }

    // Not a pair: pins down the tokio behaviour that decides which tests above
    // may use the paused clock. If a tokio upgrade breaks it, revisit them.
    #[tokio::test(start_paused = true)]
    async fn paused_clock_stands_still_while_a_blocking_task_runs() {
        let tokio_start = Instant::now();
        let wall_start = std::time::Instant::now();

        tokio::task::spawn_blocking(|| std::thread::sleep(LEGACY_CALL))
            .await
            .expect("blocking task panicked");

        assert_eq!(tokio_start.elapsed(), Duration::ZERO);
        assert!(wall_start.elapsed() >= LEGACY_CALL);
    }
}
