//! Async iterators and generators: the tokio twin of the Python chapter.
//!
//! Rust has no `async for` and no async generators (yet), so the twin of
//! `__anext__` is an ordinary `async fn next(&mut self) -> Option<T>` driven
//! by `while let Some(item) = stream.next().await`, and the twin of an async
//! generator is either such a struct or a spawned task feeding an `mpsc`
//! channel. The four pairs match the Python ones: a sync iterator that builds
//! a runtime per row reads one row out of six, against six rows in 0.6 s; an
//! eager pager finds `user5` after 1.0 s and five requests, against 0.4 s and
//! two; fetching profiles inside the loop takes 1.1 s, against 0.3 s; and a
//! stream kept alive holds its connection through 2 s of other work, against
//! one handed back at once.
//!
//! Run its tests with `cargo test -p tokio-twins async_iterators`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit, mpsc};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// How long the simulated database takes to send one page of rows.
pub const PAGE_LATENCY: Duration = Duration::from_millis(200);
/// How long the simulated user feed takes to send its ids.
pub const IDS_LATENCY: Duration = Duration::from_millis(100);
/// How long the simulated profile service takes per profile.
pub const PROFILE_LATENCY: Duration = Duration::from_millis(200);
/// How long the streaming query takes per row.
pub const ROW_LATENCY: Duration = Duration::from_millis(100);

// ANCHOR: cursor
/// A simulated database cursor: six rows, in pages of two that take 0.2 s each.
///
/// The driver runs as a task of its own and hands rows over a channel: the
/// usual Rust stand-in for Python's async generator.
#[derive(Debug)]
pub struct Cursor {
    rows: mpsc::Receiver<String>,
}

impl Cursor {
    /// Starts the driver task, so it must be called inside a runtime.
    pub fn open() -> Cursor {
        let (sender, rows) = mpsc::channel(1);
        tokio::spawn(async move {
            for n in 1..=6 {
                if n % 2 == 1 {
                    sleep(PAGE_LATENCY).await; // the next page comes over the network
                }
                if sender.send(format!("row {n}")).await.is_err() {
                    return; // nobody reads any more
                }
            }
        });
        Cursor { rows }
    }

    /// The next row, or `None` once the rows run out (or the driver is gone).
    pub async fn fetch_one(&mut self) -> Option<String> {
        self.rows.recv().await
    }
}
// ANCHOR_END: cursor

// ANCHOR: sync_iterator_wrong
/// Lets a plain `for` loop read the cursor.
#[derive(Debug, Default)]
pub struct Rows {
    // Opened on the first row: opening needs a runtime, and there is none yet.
    cursor: Option<Cursor>,
}

impl Iterator for Rows {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        // A new runtime for every row, like asyncio.run per item. Dropping it
        // at the end of this call also drops the driver task it was running.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("could not build a tokio runtime");
        runtime.block_on(async {
            self.cursor
                .get_or_insert_with(Cursor::open)
                .fetch_one()
                .await
        })
    }
}
// ANCHOR_END: sync_iterator_wrong

// ANCHOR: sync_iterator_correct
/// Rust's `__aiter__`/`__anext__`: an async `next`, where `None` plays
/// the part of `StopAsyncIteration`.
#[derive(Debug)]
pub struct AsyncRows {
    cursor: Cursor,
}

impl AsyncRows {
    pub fn new(cursor: Cursor) -> Self {
        AsyncRows { cursor }
    }

    pub async fn next(&mut self) -> Option<String> {
        // Every row on the one runtime that runs the caller.
        self.cursor.fetch_one().await
    }
}

/// Reads every row with `while let`, Rust's `async for`, noting when each came.
pub async fn read_all_rows() -> Vec<(Duration, String)> {
    let start = Instant::now();
    let mut rows = AsyncRows::new(Cursor::open());
    let mut seen = Vec::new();
    while let Some(row) = rows.next().await {
        seen.push((start.elapsed(), row));
    }
    seen
}
// ANCHOR_END: sync_iterator_correct

/// A simulated paginated API: five pages of three users, 0.2 s per request.
#[derive(Debug, Default)]
pub struct UserApi {
    requests: AtomicUsize,
}

impl UserApi {
    pub const PAGES: usize = 5;

    /// One page of users, and the number of the next page (`None` after the last).
    pub async fn get_page(&self, number: usize) -> (Vec<String>, Option<usize>) {
        sleep(PAGE_LATENCY).await;
        self.requests.fetch_add(1, Ordering::SeqCst);
        let users = (1..=3).map(|n| format!("user{}", 3 * number + n)).collect();
        let next = (number + 1 < Self::PAGES).then_some(number + 1);
        (users, next)
    }

    /// How many pages have been requested so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

// ANCHOR: pagination_wrong
pub async fn all_users(api: &UserApi) -> Vec<String> {
    let (mut users, mut next) = (Vec::new(), Some(0));
    // Fetches every page before the caller sees one user.
    while let Some(number) = next {
        let (page, following) = api.get_page(number).await;
        users.extend(page);
        next = following;
    }
    users
}

pub async fn find_user_eagerly(api: &UserApi, wanted: &str) -> Option<String> {
    all_users(api).await.into_iter().find(|user| user == wanted)
}
// ANCHOR_END: pagination_wrong

// ANCHOR: pagination_correct
/// The users of every page, one at a time, like the Python async generator.
#[derive(Debug)]
pub struct AllUsers<'a> {
    api: &'a UserApi,
    page: std::vec::IntoIter<String>,
    next_page: Option<usize>,
}

impl<'a> AllUsers<'a> {
    pub fn new(api: &'a UserApi) -> Self {
        let page = Vec::new().into_iter();
        AllUsers {
            api,
            page,
            next_page: Some(0),
        }
    }

    pub async fn next(&mut self) -> Option<String> {
        loop {
            if let Some(user) = self.page.next() {
                return Some(user);
            }
            // Asks for the next page only when the caller wants more.
            let (page, following) = self.api.get_page(self.next_page?).await;
            self.page = page.into_iter();
            self.next_page = following;
        }
    }
}

pub async fn find_user_lazily(api: &UserApi, wanted: &str) -> Option<String> {
    let mut users = AllUsers::new(api);
    while let Some(user) = users.next().await {
        if user == wanted {
            return Some(user); // dropping `users` here stops the paging
        }
    }
    None
}
// ANCHOR_END: pagination_correct

/// A simulated feed of user ids: one 0.1 s request, then five ids.
#[derive(Debug, Default)]
pub struct UserIds {
    ids: Option<std::vec::IntoIter<u32>>,
}

impl UserIds {
    pub async fn next(&mut self) -> Option<u32> {
        if self.ids.is_none() {
            sleep(IDS_LATENCY).await;
            self.ids = Some(vec![101, 102, 103, 104, 105].into_iter());
        }
        self.ids.as_mut()?.next()
    }
}

/// A simulated profile service, 0.2 s per profile: says when it answered.
pub async fn fetch_profile(uid: u32, start: Instant) -> (u32, Duration) {
    sleep(PROFILE_LATENCY).await;
    (uid, start.elapsed())
}

// ANCHOR: comprehension_wrong
pub async fn profiles_one_by_one(start: Instant) -> Vec<(u32, Duration)> {
    let mut ids = UserIds::default();
    let mut profiles = Vec::new();
    while let Some(uid) = ids.next().await {
        // Each fetch finishes before the loop takes the next id: one at a time.
        profiles.push(fetch_profile(uid, start).await);
    }
    profiles
}
// ANCHOR_END: comprehension_wrong

// ANCHOR: comprehension_correct
pub async fn profiles_all_at_once(start: Instant) -> Vec<(u32, Duration)> {
    let mut ids = UserIds::default();
    let mut uids = Vec::new();
    while let Some(uid) = ids.next().await {
        uids.push(uid); // collect the ids, then ask for every profile at once
    }
    let mut fetches = JoinSet::new();
    for (index, uid) in uids.into_iter().enumerate() {
        fetches.spawn(async move { (index, fetch_profile(uid, start).await) });
    }
    // join_all returns them as they finish; sorting restores gather's order.
    let mut profiles = fetches.join_all().await;
    profiles.sort_by_key(|&(index, _)| index);
    profiles.into_iter().map(|(_, profile)| profile).collect()
}
// ANCHOR_END: comprehension_correct

/// A simulated pool of database connections.
#[derive(Debug)]
pub struct Pool {
    connections: Semaphore,
}

impl Pool {
    pub const SIZE: usize = 5;

    pub fn new() -> Self {
        Pool {
            connections: Semaphore::new(Self::SIZE),
        }
    }

    /// How many connections are checked out right now.
    pub fn open_connections(&self) -> usize {
        Self::SIZE - self.connections.available_permits()
    }
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

/// Streams rows over one pooled connection, 0.1 s per row. Dropping the
/// stream drops its permit, which hands the connection back to the pool.
#[derive(Debug)]
pub struct RowStream<'a> {
    _connection: SemaphorePermit<'a>,
    last_row: u32,
}

impl<'a> RowStream<'a> {
    pub async fn open(pool: &'a Pool) -> RowStream<'a> {
        let connection = pool.connections.acquire().await.expect("pool closed");
        RowStream {
            _connection: connection,
            last_row: 0,
        }
    }

    pub async fn next(&mut self) -> Option<u32> {
        sleep(ROW_LATENCY).await;
        self.last_row += 1;
        Some(self.last_row)
    }
}

/// Connections checked out after the three rows and after the other work.
#[derive(Debug, PartialEq, Eq)]
pub struct OpenConnections {
    pub after_rows: usize,
    pub after_work: usize,
}

// ANCHOR: aclose_wrong
pub async fn three_rows_then_work(pool: &Pool) -> OpenConnections {
    let mut stream = RowStream::open(pool).await;
    while let Some(n) = stream.next().await {
        if n == 3 {
            break; // `stream` lives on to the end of the function, and so does its connection
        }
    }
    let after_rows = pool.open_connections();
    sleep(Duration::from_secs(2)).await; // the rest of the request's work
    let after_work = pool.open_connections();
    OpenConnections {
        after_rows,
        after_work,
    }
}
// ANCHOR_END: aclose_wrong

// ANCHOR: aclose_correct
pub async fn three_rows_then_work_closed(pool: &Pool) -> OpenConnections {
    {
        // The block plays `async with aclosing(...)`: the stream is dropped at
        // its end. (Drop cannot await: if closing had to, call an async close().)
        let mut stream = RowStream::open(pool).await;
        while let Some(n) = stream.next().await {
            if n == 3 {
                break;
            }
        }
    }
    let after_rows = pool.open_connections();
    sleep(Duration::from_secs(2)).await; // the rest of the request's work
    let after_work = pool.open_connections();
    OpenConnections {
        after_rows,
        after_work,
    }
}
// ANCHOR_END: aclose_correct

#[cfg(test)]
mod tests {
    use super::*;

    use std::panic::{self, AssertUnwindSafe};

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    }

    // Real time: outside any runtime there is no paused clock to use.
    #[test]
    fn sync_iterator_wrong_reads_one_row_of_six() {
        let rows: Vec<String> = Rows::default().collect();

        // The first runtime took the driver task down with it, so the second
        // found the channel closed: one row, like the Python program.
        assert_eq!(rows, ["row 1"]);
    }

    #[tokio::test(start_paused = true)]
    async fn sync_iterator_wrong_cannot_run_inside_a_runtime() {
        let mut rows = Rows::default();

        let outcome = panic::catch_unwind(AssertUnwindSafe(|| rows.next()));

        let payload = outcome.expect_err("block_on inside a runtime should panic");
        let message = panic_message(payload.as_ref());
        assert!(
            message.contains("Cannot start a runtime from within a runtime"),
            "{message}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn sync_iterator_correct_reads_all_six_rows() {
        let seen = read_all_rows().await;

        let expected: Vec<(Duration, String)> = [200, 200, 400, 400, 600, 600]
            .into_iter()
            .zip(1..=6)
            .map(|(at, n)| (ms(at), format!("row {n}")))
            .collect();
        assert_eq!(seen, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn pagination_wrong_requests_every_page_first() {
        let api = UserApi::default();
        let start = Instant::now();

        let found = find_user_eagerly(&api, "user5").await;

        assert_eq!(found.as_deref(), Some("user5"));
        assert_eq!(start.elapsed(), ms(1000));
        assert_eq!(api.requests(), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn pagination_correct_requests_only_the_pages_it_reads() {
        let api = UserApi::default();
        let start = Instant::now();

        let found = find_user_lazily(&api, "user5").await;

        assert_eq!(found.as_deref(), Some("user5"));
        assert_eq!(start.elapsed(), ms(400));
        assert_eq!(api.requests(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn pagination_correct_still_reads_every_user() {
        let api = UserApi::default();
        let mut users = AllUsers::new(&api);
        let mut all = Vec::new();
        while let Some(user) = users.next().await {
            all.push(user);
        }

        let expected: Vec<String> = (1..=15).map(|n| format!("user{n}")).collect();
        assert_eq!(all, expected);
        assert_eq!(api.requests(), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn comprehension_wrong_fetches_one_profile_at_a_time() {
        let start = Instant::now();

        let profiles = profiles_one_by_one(start).await;

        let expected: Vec<(u32, Duration)> = (101..=105)
            .zip([300, 500, 700, 900, 1100])
            .map(|(uid, at)| (uid, ms(at)))
            .collect();
        assert_eq!(profiles, expected);
        assert_eq!(start.elapsed(), ms(1100));
    }

    #[tokio::test(start_paused = true)]
    async fn comprehension_correct_fetches_every_profile_at_once() {
        let start = Instant::now();

        let profiles = profiles_all_at_once(start).await;

        let expected: Vec<(u32, Duration)> = (101..=105).map(|uid| (uid, ms(300))).collect();
        assert_eq!(profiles, expected);
        assert_eq!(start.elapsed(), ms(300));
    }

    #[tokio::test(start_paused = true)]
    async fn aclose_wrong_holds_the_connection_through_the_work() {
        let pool = Pool::new();
        let start = Instant::now();

        let open = three_rows_then_work(&pool).await;

        assert_eq!(
            open,
            OpenConnections {
                after_rows: 1,
                after_work: 1
            }
        );
        assert_eq!(start.elapsed(), ms(2300));
        assert_eq!(
            pool.open_connections(),
            0,
            "returned when the function ended"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn aclose_correct_hands_the_connection_back_at_once() {
        let pool = Pool::new();
        let start = Instant::now();

        let open = three_rows_then_work_closed(&pool).await;

        assert_eq!(
            open,
            OpenConnections {
                after_rows: 0,
                after_work: 0
            }
        );
        assert_eq!(start.elapsed(), ms(2300));
    }
}
