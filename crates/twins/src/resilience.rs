//! Resilience, retries and circuit breakers: the tokio twin of the Python chapter.
//!
//! The services are simulated with `tokio::time::sleep`, so the tests run on
//! tokio's paused clock and check the same instants the Python programs
//! print. Jitter takes its random numbers as a parameter (`draw`, uniform in
//! `[0, 1)`); the tests feed it the numbers `random.Random(seed).random()`
//! returns in CPython, so both languages wait exactly as long.
//!
//! The five pairs: retrying at once makes 8 requests in 0.4 s and gives up,
//! while backoff with jitter succeeds at 1.53 s; three clients without jitter
//! collide until they give up at 7.5 s, while jittered ones get through; a
//! retry loop that swallows its last error returns nothing after 0.85 s,
//! while one that re-raises fails at 0.45 s; unbounded backoff answers after
//! 36.21 s, while a 2 s budget gives up at 2 s; and a breaker refuses calls in
//! 0 s instead of waiting out a 1 s timeout each time.
//!
//! Run its tests with `cargo test -p tokio-twins resilience`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::{Instant, error::Elapsed, sleep, timeout};

/// How long one request to a simulated service takes.
pub const REQUEST_TIME: Duration = Duration::from_millis(50);
/// The first backoff ceiling, in seconds; it doubles after every failure.
pub const BASE: f64 = 0.1;

/// The service answered 503: try again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// A simulated service that is down for `down_for` after `start` and keeps
/// an access log of when each request arrived.
#[derive(Debug)]
pub struct Service {
    start: Instant,
    down_for: Duration,
    log: Mutex<Vec<Duration>>,
}

impl Service {
    pub fn new(start: Instant, down_for: Duration) -> Self {
        let log = Mutex::new(Vec::new());
        Service {
            start,
            down_for,
            log,
        }
    }

    pub async fn call(&self) -> Result<&'static str, Unavailable> {
        lock(&self.log).push(self.start.elapsed());
        sleep(REQUEST_TIME).await;
        if self.start.elapsed() < self.down_for {
            return Err(Unavailable);
        }
        Ok("200 OK")
    }

    /// When each request arrived, measured from `start`.
    pub fn requests(&self) -> Vec<Duration> {
        lock(&self.log).clone()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ANCHOR: jitter
/// Full jitter: a random wait below `ceiling` seconds, in 10 ms steps, like
/// Python's `round(rng.uniform(0, ceiling), 2)`.
pub fn full_jitter(ceiling: f64, draw: f64) -> Duration {
    let hundredths = (ceiling * draw * 100.0).round() as u64;
    Duration::from_millis(10 * hundredths)
}

/// The ceiling before retry number `retry` (1 for the first retry).
pub fn ceiling(retry: u32, cap: f64) -> f64 {
    cap.min(BASE * 2_f64.powi(retry as i32 - 1))
}
// ANCHOR_END: jitter

// ANCHOR: backoff_wrong
pub async fn call_with_retry_at_once(
    service: &Service,
    attempts: u32,
) -> Result<&'static str, Unavailable> {
    let mut attempt = 1;
    loop {
        match service.call().await {
            Ok(body) => return Ok(body),
            Err(error) if attempt == attempts => return Err(error),
            // No wait: retries at once, hammering a service that is already down.
            Err(Unavailable) => attempt += 1,
        }
    }
}
// ANCHOR_END: backoff_wrong

// ANCHOR: backoff_correct
pub async fn call_with_backoff(
    service: &Service,
    attempts: u32,
    mut draw: impl FnMut() -> f64,
) -> Result<&'static str, Unavailable> {
    let mut attempt = 1;
    loop {
        match service.call().await {
            Ok(body) => return Ok(body),
            Err(error) if attempt == attempts => return Err(error),
            Err(Unavailable) => {
                // The ceiling doubles each time; the wait is random below it.
                sleep(full_jitter(ceiling(attempt, 2.0), draw())).await;
                attempt += 1;
            }
        }
    }
}
// ANCHOR_END: backoff_correct

/// A simulated service, down for its first second. Requests that overlap
/// all fail: a struggling server slows down until everyone times out.
#[derive(Debug)]
pub struct CrowdedService {
    start: Instant,
    active: Mutex<Vec<Arc<AtomicBool>>>,
}

impl CrowdedService {
    pub fn new(start: Instant) -> Self {
        CrowdedService {
            start,
            active: Mutex::new(Vec::new()),
        }
    }

    pub async fn call(&self) -> Result<&'static str, Unavailable> {
        let crowded = Arc::new(AtomicBool::new(false));
        {
            let mut active = lock(&self.active);
            for other in active.iter() {
                other.store(true, Ordering::SeqCst);
                crowded.store(true, Ordering::SeqCst);
            }
            active.push(Arc::clone(&crowded));
        }
        sleep(REQUEST_TIME).await;
        lock(&self.active).retain(|request| !Arc::ptr_eq(request, &crowded));
        if crowded.load(Ordering::SeqCst) || self.start.elapsed() < Duration::from_secs(1) {
            return Err(Unavailable);
        }
        Ok("200 OK")
    }
}

/// When one client tried, and whether it got through in the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempts {
    pub tried_at: Vec<Duration>,
    pub result: Result<&'static str, Unavailable>,
}

// ANCHOR: jitter_wrong
pub async fn client_in_lockstep(service: &CrowdedService, start: Instant) -> Attempts {
    let mut tried_at = Vec::new();
    let mut result = Err(Unavailable);
    for attempt in 1..=8 {
        tried_at.push(start.elapsed());
        result = service.call().await;
        if result.is_ok() || attempt == 8 {
            break;
        }
        // The same wait for every client, so they all come back at the same moment.
        sleep(Duration::from_secs_f64(ceiling(attempt, 2.0))).await;
    }
    Attempts { tried_at, result }
}
// ANCHOR_END: jitter_wrong

// ANCHOR: jitter_correct
pub async fn client_with_jitter(
    service: &CrowdedService,
    start: Instant,
    mut draw: impl FnMut() -> f64,
) -> Attempts {
    let mut tried_at = Vec::new();
    let mut result = Err(Unavailable);
    for attempt in 1..=8 {
        tried_at.push(start.elapsed());
        result = service.call().await;
        if result.is_ok() || attempt == 8 {
            break;
        }
        // Each client draws its own wait below the ceiling, so the herd spreads out.
        sleep(full_jitter(ceiling(attempt, 2.0), draw())).await;
    }
    Attempts { tried_at, result }
}
// ANCHOR_END: jitter_correct

// ANCHOR: give_up_wrong
pub async fn call_with_retry_swallowing(service: &Service, attempts: u32) -> Option<&'static str> {
    for attempt in 0..attempts {
        match service.call().await {
            Ok(body) => return Some(body),
            // Sleeps after the last failure too, and the error is thrown away.
            Err(Unavailable) => {
                sleep(Duration::from_secs_f64(BASE * 2_f64.powi(attempt as i32))).await
            }
        }
    }
    None
}
// ANCHOR_END: give_up_wrong

// ANCHOR: give_up_correct
pub async fn call_with_retry(
    service: &Service,
    attempts: u32,
) -> Result<&'static str, Unavailable> {
    let mut attempt = 0;
    loop {
        match service.call().await {
            Ok(body) => return Ok(body),
            // Out of attempts: no point waiting, and the caller must hear why.
            Err(error) if attempt == attempts - 1 => return Err(error),
            Err(Unavailable) => {
                sleep(Duration::from_secs_f64(BASE * 2_f64.powi(attempt as i32))).await;
                attempt += 1;
            }
        }
    }
}
// ANCHOR_END: give_up_correct

// ANCHOR: deadline_wrong
pub async fn call_with_retry_forever(
    service: &Service,
    mut draw: impl FnMut() -> f64,
) -> Result<&'static str, Unavailable> {
    // No cap on the attempts, on each wait, or on the total time.
    for attempt in 1.. {
        if let Ok(body) = service.call().await {
            return Ok(body);
        }
        sleep(full_jitter(ceiling(attempt, f64::INFINITY), draw())).await;
    }
    unreachable!("the attempts never run out")
}
// ANCHOR_END: deadline_wrong

// ANCHOR: deadline_correct
pub async fn call_with_capped_retry(
    service: &Service,
    mut draw: impl FnMut() -> f64,
) -> Result<&'static str, Unavailable> {
    let attempts = 6; // at most 6 requests of load on the service
    let mut attempt = 1;
    loop {
        match service.call().await {
            Ok(body) => return Ok(body),
            Err(error) if attempt == attempts => return Err(error),
            Err(Unavailable) => {
                // No single wait beyond 1 s.
                sleep(full_jitter(ceiling(attempt, 1.0), draw())).await;
                attempt += 1;
            }
        }
    }
}

/// The caller's budget: a user's page load can spare 2 s, no more.
pub async fn call_within_budget(
    service: &Service,
    draw: impl FnMut() -> f64,
) -> Result<Result<&'static str, Unavailable>, Elapsed> {
    timeout(
        Duration::from_secs(2),
        call_with_capped_retry(service, draw),
    )
    .await
}
// ANCHOR_END: deadline_correct

/// A simulated service that hangs until 6.2 s after `start`, then answers in 0.05 s.
pub async fn hanging_service(start: Instant) -> &'static str {
    if start.elapsed() >= Duration::from_millis(6200) {
        sleep(REQUEST_TIME).await;
    } else {
        sleep(Duration::from_secs(3600)).await;
    }
    "200 OK"
}

/// How a request went, and when it finished, measured from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub finished_at: Duration,
    pub took: Duration,
    pub result: Result<&'static str, &'static str>,
}

// ANCHOR: breaker_wrong
pub async fn ten_requests_without_breaker(start: Instant) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for _ in 1..=10 {
        let asked = Instant::now();
        // Every request waits out the full timeout, however long the service has been down.
        let result = timeout(Duration::from_secs(1), hanging_service(start))
            .await
            .map_err(|_| "timed out");
        let took = asked.elapsed();
        outcomes.push(Outcome {
            finished_at: start.elapsed(),
            took,
            result,
        });
        sleep(Duration::from_millis(500)).await; // the next request comes in
    }
    outcomes
}
// ANCHOR_END: breaker_wrong

// ANCHOR: breaker
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

/// Why the breaker gave no answer: it refused, or the call itself failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerError<E> {
    Refused(State),
    Failed(E),
}

#[derive(Debug)]
struct Inner {
    state: State,
    failures: u32,
    opened_at: Instant,
    transitions: Vec<(Duration, State, State)>,
}

/// A circuit breaker that callers can share: the lock is never held across an await.
#[derive(Debug)]
pub struct Breaker {
    start: Instant,
    threshold: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

impl Inner {
    fn move_to(&mut self, state: State, at: Duration) {
        self.transitions.push((at, self.state, state));
        self.state = state;
        self.opened_at = Instant::now();
    }
}

impl Breaker {
    pub fn new(start: Instant, threshold: u32, cooldown: Duration) -> Self {
        let inner = Inner {
            state: State::Closed,
            failures: 0,
            opened_at: start,
            transitions: Vec::new(),
        };
        Breaker {
            start,
            threshold,
            cooldown,
            inner: Mutex::new(inner),
        }
    }

    pub async fn call<T, E>(
        &self,
        call: impl Future<Output = Result<T, E>>,
    ) -> Result<T, BreakerError<E>> {
        {
            let mut inner = lock(&self.inner);
            if inner.state == State::Open && inner.opened_at.elapsed() >= self.cooldown {
                // This call is the trial; others are refused until it ends.
                inner.move_to(State::HalfOpen, self.start.elapsed());
            } else if inner.state != State::Closed {
                // A refused call's future is dropped without ever being polled.
                return Err(BreakerError::Refused(inner.state));
            }
        }
        let result = call.await;
        let mut inner = lock(&self.inner);
        match result {
            Ok(value) => {
                inner.failures = 0;
                if inner.state == State::HalfOpen {
                    inner.move_to(State::Closed, self.start.elapsed());
                }
                Ok(value)
            }
            Err(error) => {
                inner.failures += 1;
                if inner.state == State::HalfOpen || inner.failures >= self.threshold {
                    // A failed trial opens it again at once.
                    inner.move_to(State::Open, self.start.elapsed());
                }
                Err(BreakerError::Failed(error))
            }
        }
    }

    /// Every change of state so far: when, from, to.
    pub fn transitions(&self) -> Vec<(Duration, State, State)> {
        lock(&self.inner).transitions.clone()
    }
}
// ANCHOR_END: breaker

// ANCHOR: breaker_correct
pub async fn ten_requests_with_breaker(start: Instant, breaker: &Breaker) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for _ in 1..=10 {
        let asked = Instant::now();
        // The timeout sits inside the breaker, so the breaker counts it as a failure.
        let call = timeout(Duration::from_secs(1), hanging_service(start));
        let result = match breaker.call(call).await {
            Ok(body) => Ok(body),
            Err(BreakerError::Failed(_)) => Err("timed out"),
            Err(BreakerError::Refused(_)) => Err("refused"),
        };
        let took = asked.elapsed();
        outcomes.push(Outcome {
            finished_at: start.elapsed(),
            took,
            result,
        });
        sleep(Duration::from_millis(500)).await; // the next request comes in
    }
    outcomes
}
// ANCHOR_END: breaker_correct

#[cfg(test)]
mod tests {
    use super::*;

    // `random.Random(seed).random()` in CPython 3.11, and the same in the
    // sandbox: the draws behind the jitter the Python programs print.
    const SEED_2: [f64; 7] = [
        0.956_034_271_889_249_4,
        0.947_827_487_059_349_4,
        0.056_551_367_726_808_69,
        0.084_871_995_158_921_63,
        0.835_498_878_129_449_6,
        0.735_969_989_068_523_3,
        0.669_730_401_440_220_9,
    ];
    const SEED_5: [f64; 10] = [
        0.622_901_694_889_701_9,
        0.741_786_989_260_729_4,
        0.795_193_565_565_696_6,
        0.942_450_283_777_050_3,
        0.739_898_574_739_930_7,
        0.922_324_996_665_417,
        0.029_005_228_283_614_737,
        0.465_622_654_378_105_35,
        0.943_356_716_998_313_7,
        0.648_974_553_136_924_2,
    ];
    const SEED_7: [f64; 7] = [
        0.323_832_764_833_162_37,
        0.150_849_173_924_501_92,
        0.650_934_473_039_853_7,
        0.072_436_286_667_542_76,
        0.535_882_004_306_689_2,
        0.365_688_916_912_585_54,
        0.057_998_924_774_706_806,
    ];
    const SEED_13: [f64; 7] = [
        0.259_008_491_715_473_6,
        0.685_257_992_964_536_9,
        0.684_081_918_016_110_7,
        0.849_336_161_389_930_2,
        0.185_724_173_873_735_4,
        0.230_558_608_965_468_1,
        0.147_159_918_168_417_78,
    ];

    fn draws(values: &[f64]) -> impl FnMut() -> f64 + '_ {
        let mut values = values.iter().copied();
        move || values.next().expect("the test ran out of random draws")
    }

    fn ms(list: &[u64]) -> Vec<Duration> {
        list.iter().copied().map(Duration::from_millis).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn backoff_wrong_hammers_the_service_and_gives_up() {
        let start = Instant::now();
        let service = Service::new(start, Duration::from_secs(1));

        let result = call_with_retry_at_once(&service, 8).await;

        assert_eq!(result, Err(Unavailable));
        assert_eq!(
            service.requests(),
            ms(&[0, 50, 100, 150, 200, 250, 300, 350])
        );
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn backoff_correct_spaces_the_attempts_and_gets_through() {
        let start = Instant::now();
        let service = Service::new(start, Duration::from_secs(1));

        let result = call_with_backoff(&service, 8, draws(&SEED_5)).await;

        assert_eq!(result, Ok("200 OK"));
        assert_eq!(service.requests(), ms(&[0, 110, 310, 680, 1480]));
        assert_eq!(start.elapsed(), Duration::from_millis(1530));
    }

    #[tokio::test(start_paused = true)]
    async fn jitter_wrong_clients_collide_until_they_give_up() {
        let start = Instant::now();
        let service = CrowdedService::new(start);

        let (a, b, c) = tokio::join!(
            client_in_lockstep(&service, start),
            client_in_lockstep(&service, start),
            client_in_lockstep(&service, start),
        );

        let expected = Attempts {
            tried_at: ms(&[0, 150, 400, 850, 1700, 3350, 5400, 7450]),
            result: Err(Unavailable),
        };
        assert_eq!([a, b, c], [expected.clone(), expected.clone(), expected]);
        assert_eq!(start.elapsed(), Duration::from_millis(7500));
    }

    #[tokio::test(start_paused = true)]
    async fn jitter_correct_clients_spread_out_and_get_through() {
        let start = Instant::now();
        let service = CrowdedService::new(start);

        let (a, b, c) = tokio::join!(
            client_with_jitter(&service, start, draws(&SEED_2)),
            client_with_jitter(&service, start, draws(&SEED_7)),
            client_with_jitter(&service, start, draws(&SEED_13)),
        );

        let ok = |tried_at: &[u64]| Attempts {
            tried_at: ms(tried_at),
            result: Ok("200 OK"),
        };
        assert_eq!(a, ok(&[0, 150, 390, 460, 580, 1970]));
        assert_eq!(b, ok(&[0, 80, 160, 470, 580, 1490]));
        assert_eq!(c, ok(&[0, 80, 270, 590, 1320]));
        assert_eq!(start.elapsed(), Duration::from_millis(2020));
    }

    #[tokio::test(start_paused = true)]
    async fn give_up_wrong_sleeps_again_and_returns_nothing() {
        let start = Instant::now();
        let service = Service::new(start, Duration::MAX);

        let result = call_with_retry_swallowing(&service, 3).await;

        assert_eq!(result, None);
        assert_eq!(start.elapsed(), Duration::from_millis(850));
    }

    #[tokio::test(start_paused = true)]
    async fn give_up_correct_reports_the_last_error_at_once() {
        let start = Instant::now();
        let service = Service::new(start, Duration::MAX);

        let result = call_with_retry(&service, 3).await;

        assert_eq!(result, Err(Unavailable));
        assert_eq!(start.elapsed(), Duration::from_millis(450));
    }

    #[tokio::test(start_paused = true)]
    async fn deadline_wrong_keeps_the_caller_waiting_for_half_a_minute() {
        let start = Instant::now();
        let service = Service::new(start, Duration::from_secs(30));

        let result = call_with_retry_forever(&service, draws(&SEED_5)).await;

        assert_eq!(result, Ok("200 OK"));
        let expected = [0, 110, 310, 680, 1480, 2710, 5710, 5950, 11960, 36160];
        assert_eq!(service.requests(), ms(&expected));
        assert_eq!(start.elapsed(), Duration::from_millis(36210));
    }

    #[tokio::test(start_paused = true)]
    async fn deadline_correct_gives_up_when_the_budget_runs_out() {
        let start = Instant::now();
        let service = Service::new(start, Duration::from_secs(30));

        let result = call_within_budget(&service, draws(&SEED_5)).await;

        assert!(
            result.is_err(),
            "expected the 2 s budget to run out: {result:?}"
        );
        assert_eq!(service.requests(), ms(&[0, 110, 310, 680, 1480]));
        assert_eq!(start.elapsed(), Duration::from_millis(2000));
    }

    fn outcome(finished_at: u64, took: u64, result: Result<&'static str, &'static str>) -> Outcome {
        Outcome {
            finished_at: Duration::from_millis(finished_at),
            took: Duration::from_millis(took),
            result,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn breaker_wrong_waits_out_every_timeout() {
        let start = Instant::now();

        let outcomes = ten_requests_without_breaker(start).await;

        let timed_out = Err("timed out");
        let expected = [
            outcome(1000, 1000, timed_out),
            outcome(2500, 1000, timed_out),
            outcome(4000, 1000, timed_out),
            outcome(5500, 1000, timed_out),
            outcome(7000, 1000, timed_out),
            outcome(7550, 50, Ok("200 OK")),
            outcome(8100, 50, Ok("200 OK")),
            outcome(8650, 50, Ok("200 OK")),
            outcome(9200, 50, Ok("200 OK")),
            outcome(9750, 50, Ok("200 OK")),
        ];
        assert_eq!(outcomes, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn breaker_correct_refuses_fast_and_recovers() {
        let start = Instant::now();
        let breaker = Breaker::new(start, 3, Duration::from_millis(1200));

        let outcomes = ten_requests_with_breaker(start, &breaker).await;

        let (timed_out, refused) = (Err("timed out"), Err("refused"));
        let expected = [
            outcome(1000, 1000, timed_out),
            outcome(2500, 1000, timed_out),
            outcome(4000, 1000, timed_out),
            outcome(4500, 0, refused),
            outcome(5000, 0, refused),
            outcome(6500, 1000, timed_out),
            outcome(7000, 0, refused),
            outcome(7500, 0, refused),
            outcome(8050, 50, Ok("200 OK")),
            outcome(8600, 50, Ok("200 OK")),
        ];
        assert_eq!(outcomes, expected);
        let at = Duration::from_millis;
        assert_eq!(
            breaker.transitions(),
            [
                (at(4000), State::Closed, State::Open),
                (at(5500), State::Open, State::HalfOpen),
                (at(6500), State::HalfOpen, State::Open),
                (at(8000), State::Open, State::HalfOpen),
                (at(8050), State::HalfOpen, State::Closed),
            ]
        );
    }
}
