//! Async context managers and resources: the tokio twin of the Python chapter.
//!
//! Rust's `Drop` is Python's `__exit__`: it runs on every way out of a scope
//! (normal end, `?`, early `return`, panic, a future dropped mid-`.await`),
//! but it is a plain function and cannot `.await`. There is no async `Drop`, so each pair below shows how
//! tokio code gets what `async with` gives Python:
//!
//! - blocking connect and close (`std::thread::sleep` in `open` and `Drop`)
//!   serialise three handlers (1.00 s) where async ones overlap (0.60 s);
//! - async clean-up written as a call after the body is skipped by `?` and
//!   leaks a connection, where a scope function runs it whatever the body
//!   returns (though not when the future itself is dropped);
//! - a client built per request pays its set-up and a handshake each time
//!   (2.00 s, 5 handshakes) where one shared client pays once (0.80 s, 1);
//! - a client kept in a `static` outlives the runtime its background task ran
//!   on, so a second runtime gets errors, where a client per runtime works;
//! - a connection given back by hand is lost on the error path and three
//!   queries time out, where a guard that gives it back on `Drop` never is.
//!
//! Run its tests with `cargo test -p tokio-twins async_context_managers`.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::time::{Instant, sleep, timeout};

/// How long connecting, querying and closing take in the first pair.
pub const CONNECT: Duration = Duration::from_millis(200);
pub const QUERY: Duration = Duration::from_millis(300);
pub const CLOSE: Duration = Duration::from_millis(100);

// ANCHOR: blocking_enter_wrong
/// Stands in for a blocking database driver: connect and close hold the thread.
pub struct BlockingConnection;

impl BlockingConnection {
    /// Like `__enter__` doing blocking I/O.
    pub fn open() -> Self {
        std::thread::sleep(CONNECT); // the whole runtime thread waits
        BlockingConnection
    }

    pub async fn query(&self) {
        sleep(QUERY).await;
    }
}

impl Drop for BlockingConnection {
    /// Like `__exit__` doing blocking I/O: Drop cannot await, so it blocks.
    fn drop(&mut self) {
        std::thread::sleep(CLOSE);
    }
}

async fn handle_blocking() {
    let conn = BlockingConnection::open();
    conn.query().await;
} // `conn` is dropped here, blocking once more

pub async fn three_handlers_blocking() {
    tokio::join!(handle_blocking(), handle_blocking(), handle_blocking());
}
// ANCHOR_END: blocking_enter_wrong

// ANCHOR: blocking_enter_correct
/// An async driver: connect and close are awaited, so other tasks run meanwhile.
pub struct Connection;

impl Connection {
    /// `__aenter__`.
    pub async fn open() -> Self {
        sleep(CONNECT).await;
        Connection
    }

    pub async fn query(&self) {
        sleep(QUERY).await;
    }

    /// `__aexit__`. Not a Drop: async clean-up is a call you have to make.
    pub async fn close(self) {
        sleep(CLOSE).await;
    }
}

async fn handle() {
    let conn = Connection::open().await;
    conn.query().await;
    conn.close().await;
}

pub async fn three_handlers() {
    tokio::join!(handle(), handle(), handle());
}
// ANCHOR_END: blocking_enter_correct

/// What the simulated server sees as still connected.
#[derive(Debug, Default)]
pub struct Server {
    open: Mutex<Vec<String>>,
}

impl Server {
    pub fn open_connections(&self) -> Vec<String> {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A connection to the simulated server, closed with an awaited `close()`.
pub struct ServerConnection<'a> {
    server: &'a Server,
    pub name: String,
}

impl<'a> ServerConnection<'a> {
    pub async fn connect(server: &'a Server, name: String) -> Self {
        sleep(Duration::from_millis(100)).await;
        server
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(name.clone());
        ServerConnection { server, name }
    }

    pub async fn close(self) {
        sleep(Duration::from_millis(50)).await;
        self.server
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|open| *open != self.name);
    }
}

/// Request 2 gets a malformed reply.
async fn send(conn: &ServerConnection<'_>, n: u32) -> Result<String, String> {
    sleep(Duration::from_millis(200)).await;
    if n == 2 {
        return Err("malformed reply".into());
    }
    Ok(format!("reply {n} on {}", conn.name))
}

// ANCHOR: cleanup_wrong
pub async fn request_leaky(server: &Server, n: u32) -> Result<String, String> {
    let conn = ServerConnection::connect(server, format!("conn-{n}")).await;
    let reply = send(&conn, n).await?; // on Err, `?` returns before close(): a leak
    conn.close().await;
    Ok(reply)
}
// ANCHOR_END: cleanup_wrong

// ANCHOR: cleanup_correct
/// The shape of `async with`: connect, run the body, then close, whether the
/// body returned `Ok` or `Err`. Unlike Python's `finally`, it cannot close on
/// a panic or when the whole future is dropped (tokio's cancellation): then
/// only `Drop` runs, and Drop cannot await.
pub async fn with_connection<T>(
    server: &Server,
    name: String,
    body: impl AsyncFnOnce(&ServerConnection<'_>) -> T,
) -> T {
    let conn = ServerConnection::connect(server, name).await;
    let outcome = body(&conn).await;
    conn.close().await;
    outcome
}

pub async fn request(server: &Server, n: u32) -> Result<String, String> {
    with_connection(server, format!("conn-{n}"), async |conn| {
        send(conn, n).await
    })
    .await
}
// ANCHOR_END: cleanup_correct

/// Counts the TLS handshakes every simulated client has made.
#[derive(Debug, Default)]
pub struct Network {
    handshakes: AtomicUsize,
}

impl Network {
    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

// ANCHOR: client
/// A simulated HTTP client, shaped like `reqwest::Client`: building one takes
/// 0.1 s, a new connection needs a 0.2 s handshake, a request takes 0.1 s, and
/// idle connections stay in its pool for the next request.
pub struct Client<'n> {
    network: &'n Network,
    idle: Mutex<Vec<String>>,
}

impl<'n> Client<'n> {
    pub async fn new(network: &'n Network) -> Self {
        sleep(Duration::from_millis(100)).await;
        Client {
            network,
            idle: Mutex::default(),
        }
    }

    pub async fn get(&self, url: &str) -> String {
        let pooled = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => {
                sleep(Duration::from_millis(200)).await;
                let n = self.network.handshakes.fetch_add(1, Ordering::SeqCst) + 1;
                format!("conn-{n}")
            }
        };
        sleep(Duration::from_millis(100)).await;
        let reply = format!("200 OK {url} via {conn}");
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(conn);
        reply
    }
}
// ANCHOR_END: client

fn page(n: u32) -> String {
    format!("https://api.example.com/items?page={n}")
}

// ANCHOR: shared_session_wrong
pub async fn five_pages_client_per_request(network: &Network) -> Vec<String> {
    let mut replies = Vec::new();
    for n in 1..=5 {
        let client = Client::new(network).await; // a new client, and pool, per request
        replies.push(client.get(&page(n)).await);
    }
    replies
}
// ANCHOR_END: shared_session_wrong

// ANCHOR: shared_session_correct
pub async fn five_pages_shared_client(network: &Network) -> Vec<String> {
    let client = Client::new(network).await; // one client for the whole program
    let mut replies = Vec::new();
    for n in 1..=5 {
        replies.push(client.get(&page(n)).await);
    }
    replies
}
// ANCHOR_END: shared_session_correct

// ANCHOR: driver_client
type Job = (String, oneshot::Sender<String>);

/// A client whose connections live in a background task, the way hyper's and
/// reqwest's do: requests travel to that task over a channel. Two queries run
/// at a time; each takes 0.2 s.
pub struct DriverClient {
    jobs: mpsc::Sender<Job>,
}

impl DriverClient {
    /// Spawns the driver task on the runtime that is running *now*.
    pub fn start() -> Self {
        let (jobs, mut inbox) = mpsc::channel::<Job>(8);
        tokio::spawn(async move {
            let connections = Arc::new(Semaphore::new(2));
            while let Some((sql, reply)) = inbox.recv().await {
                let connections = Arc::clone(&connections);
                tokio::spawn(async move {
                    let _conn = connections.acquire_owned().await;
                    sleep(Duration::from_millis(200)).await;
                    let _ = reply.send(format!("rows of {sql}"));
                });
            }
        });
        DriverClient { jobs }
    }

    pub async fn query(&self, sql: &str) -> Result<String, &'static str> {
        let (reply, answer) = oneshot::channel();
        let gone = "the driver task is gone: its runtime has shut down";
        self.jobs
            .send((sql.into(), reply))
            .await
            .map_err(|_| gone)?;
        answer.await.map_err(|_| gone)
    }
}

/// Three queries at once, like the Python pair's `gather`.
pub async fn three_queries(client: &DriverClient) -> Result<Duration, &'static str> {
    let start = Instant::now();
    let (a, b, c) = tokio::join!(
        client.query("SELECT 0"),
        client.query("SELECT 1"),
        client.query("SELECT 2"),
    );
    a.and(b).and(c).map(|_| start.elapsed())
}
// ANCHOR_END: driver_client

// ANCHOR: loop_bound_wrong
static SHARED: std::sync::OnceLock<DriverClient> = std::sync::OnceLock::new();

/// One "test": its own runtime, like each test under `#[tokio::test]`.
pub fn test_with_static_client(
    runtime: &tokio::runtime::Runtime,
) -> Result<Duration, &'static str> {
    runtime.block_on(async {
        // Made once, by whichever runtime gets here first, and kept forever.
        let client = SHARED.get_or_init(DriverClient::start);
        three_queries(client).await
    })
}
// ANCHOR_END: loop_bound_wrong

// ANCHOR: loop_bound_correct
pub fn test_with_own_client(runtime: &tokio::runtime::Runtime) -> Result<Duration, &'static str> {
    runtime.block_on(async {
        let client = DriverClient::start(); // made inside this runtime, dies with it
        three_queries(&client).await
    })
}
// ANCHOR_END: loop_bound_correct

/// A simulated pool of database connections. Both ways to borrow one are
/// here: by hand, and through a guard.
pub struct Pool {
    permits: Semaphore,
    free: Mutex<VecDeque<String>>,
}

impl Pool {
    pub fn new(size: usize) -> Self {
        Pool {
            permits: Semaphore::new(size),
            free: Mutex::new((1..=size).map(|n| format!("conn-{n}")).collect()),
        }
    }

    pub fn free_connections(&self) -> usize {
        self.free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Waits while every connection is out. The caller must call `give_back`.
    pub async fn take(&self) -> String {
        let permit = self
            .permits
            .acquire()
            .await
            .expect("the pool is never closed");
        permit.forget(); // the connection now stands for the permit
        self.free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .expect("a permit means a free connection")
    }

    pub fn give_back(&self, conn: String) {
        self.free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(conn);
        self.permits.add_permits(1);
    }
}

// ANCHOR: pooled
/// A borrowed connection that goes back to the pool when dropped. Giving it
/// back is synchronous, so Drop can do it, on every way out of the scope.
pub struct Pooled<'p> {
    pool: &'p Pool,
    conn: Option<String>,
}

impl Pool {
    pub async fn connection(&self) -> Pooled<'_> {
        let conn = self.take().await;
        Pooled {
            pool: self,
            conn: Some(conn),
        }
    }
}

impl Pooled<'_> {
    pub fn name(&self) -> &str {
        self.conn.as_deref().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.give_back(conn);
        }
    }
}
// ANCHOR_END: pooled

/// A simulated query: 0.1 s, and no DROP allowed.
async fn execute(conn: &str, sql: &str) -> Result<String, String> {
    sleep(Duration::from_millis(100)).await;
    if sql.contains("DROP") {
        return Err(format!("{sql} refused on {conn}"));
    }
    Ok(format!("{sql} ok on {conn}"))
}

/// How one query ended, and when.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(Duration),
    Refused(Duration),
    NoConnection(Duration),
}

// ANCHOR: pool_wrong
async fn run_by_hand(pool: &Pool, sql: &str) -> Result<String, String> {
    let conn = pool.take().await;
    let rows = execute(&conn, sql).await?; // on Err, `?` returns before give_back
    pool.give_back(conn);
    Ok(rows)
}
// ANCHOR_END: pool_wrong

// ANCHOR: pool_correct
async fn run_with_guard(pool: &Pool, sql: &str) -> Result<String, String> {
    let conn = pool.connection().await; // given back when `conn` drops, `?` included
    execute(conn.name(), sql).await
}
// ANCHOR_END: pool_correct

pub const SQLS: [&str; 6] = [
    "SELECT 1",
    "DROP users",
    "DROP orders",
    "SELECT 2",
    "SELECT 3",
    "SELECT 4",
];

async fn six_queries<'p, F, Fut>(pool: &'p Pool, run: F) -> Vec<Outcome>
where
    F: Fn(&'p Pool, &'static str) -> Fut,
    Fut: Future<Output = Result<String, String>>,
{
    let start = Instant::now();
    let queries = SQLS.map(|sql| {
        let query = run(pool, sql);
        async move {
            // Never wait forever for a connection.
            match timeout(Duration::from_secs(2), query).await {
                Ok(Ok(_)) => Outcome::Done(start.elapsed()),
                Ok(Err(_)) => Outcome::Refused(start.elapsed()),
                Err(_) => Outcome::NoConnection(start.elapsed()),
            }
        }
    });
    let [a, b, c, d, e, f] = queries;
    let (a, b, c, d, e, f) = tokio::join!(a, b, c, d, e, f);
    vec![a, b, c, d, e, f]
}

pub async fn six_queries_by_hand(pool: &Pool) -> Vec<Outcome> {
    six_queries(pool, run_by_hand).await
}

pub async fn six_queries_with_guard(pool: &Pool) -> Vec<Outcome> {
    six_queries(pool, run_with_guard).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    // std::thread::sleep doesn't move tokio's paused clock, so the blocking
    // version is timed on the real clock (see the blocking-the-loop twin).
    #[tokio::test]
    async fn blocking_enter_wrong_serialises_connect_and_close() {
        let wall = std::time::Instant::now();

        three_handlers_blocking().await;

        // Three blocking connects and three blocking closes: 0.9 s of the
        // thread, plus the last query's wait behind them.
        let took = wall.elapsed();
        assert!(took >= ms(1000), "took {took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn blocking_enter_correct_overlaps_the_handlers() {
        let start = Instant::now();

        three_handlers().await;

        assert_eq!(start.elapsed(), ms(600));
    }

    #[tokio::test(start_paused = true)]
    async fn cleanup_wrong_leaks_the_failed_requests_connection() {
        let server = Server::default();
        let mut replies = Vec::new();

        for n in 1..=3 {
            replies.push(request_leaky(&server, n).await);
        }

        assert_eq!(replies[1], Err("malformed reply".to_string()));
        assert_eq!(server.open_connections(), ["conn-2"]);
    }

    #[tokio::test(start_paused = true)]
    async fn cleanup_correct_closes_every_connection() {
        let server = Server::default();
        let mut replies = Vec::new();

        for n in 1..=3 {
            replies.push(request(&server, n).await);
        }

        assert_eq!(replies[0], Ok("reply 1 on conn-1".to_string()));
        assert_eq!(replies[1], Err("malformed reply".to_string()));
        assert!(server.open_connections().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn shared_session_wrong_pays_setup_and_handshake_per_page() {
        let network = Network::default();
        let start = Instant::now();

        let replies = five_pages_client_per_request(&network).await;

        assert_eq!(start.elapsed(), ms(2000));
        assert_eq!(network.handshakes(), 5);
        assert!(replies[4].ends_with("via conn-5"));
    }

    #[tokio::test(start_paused = true)]
    async fn shared_session_correct_reuses_one_connection() {
        let network = Network::default();
        let start = Instant::now();

        let replies = five_pages_shared_client(&network).await;

        assert_eq!(start.elapsed(), ms(800));
        assert_eq!(network.handshakes(), 1);
        assert!(replies.iter().all(|reply| reply.ends_with("via conn-1")));
    }

    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
    }

    // The only test that touches SHARED, so no other test can initialise it first.
    #[test]
    fn loop_bound_wrong_second_runtime_finds_the_driver_gone() {
        let first = paused_runtime();
        assert_eq!(test_with_static_client(&first), Ok(ms(400)));
        drop(first); // its tasks, the client's driver among them, are dropped

        let second = paused_runtime();
        assert_eq!(
            test_with_static_client(&second),
            Err("the driver task is gone: its runtime has shut down")
        );
    }

    #[test]
    fn loop_bound_correct_each_runtime_gets_its_own_client() {
        for _ in 0..2 {
            let runtime = paused_runtime();
            assert_eq!(test_with_own_client(&runtime), Ok(ms(400)));
        }
    }

    // Not a pair: tokio's sync primitives belong to no runtime, so a static
    // semaphore works under every runtime, contended or not. Python's asyncio
    // primitives, in contrast, bind to the first loop they wait on.
    #[test]
    fn sync_primitives_are_not_bound_to_a_runtime() {
        static LIMIT: Semaphore = Semaphore::const_new(1);
        for _ in 0..2 {
            let elapsed = paused_runtime().block_on(async {
                let start = Instant::now();
                let hold = || async {
                    let _permit = LIMIT.acquire().await.expect("never closed");
                    sleep(ms(100)).await;
                };
                tokio::join!(hold(), hold());
                start.elapsed()
            });
            assert_eq!(elapsed, ms(200));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn pool_wrong_loses_a_connection_per_failed_query() {
        let pool = Pool::new(2);

        let outcomes = six_queries_by_hand(&pool).await;

        use Outcome::*;
        assert_eq!(
            outcomes,
            [
                Done(ms(100)),
                Refused(ms(100)),
                Refused(ms(200)),
                NoConnection(ms(2000)),
                NoConnection(ms(2000)),
                NoConnection(ms(2000)),
            ]
        );
        assert_eq!(pool.free_connections(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn pool_correct_gets_every_connection_back() {
        let pool = Pool::new(2);

        let outcomes = six_queries_with_guard(&pool).await;

        use Outcome::*;
        assert_eq!(
            outcomes,
            [
                Done(ms(100)),
                Refused(ms(100)),
                Refused(ms(200)),
                Done(ms(200)),
                Done(ms(300)),
                Done(ms(300)),
            ]
        );
        assert_eq!(pool.free_connections(), 2);
    }
}
