//! `missing-await`: a coroutine function called as a statement on its own.
//! The call only builds a coroutine object; with nothing awaiting it, its
//! body never runs (and Python warns "coroutine ... was never awaited" only
//! later, when the object is collected).
//!
//! Coroutine functions are the program's own `async def`s (not async
//! generators, and not decorated ones, whose call may return something
//! else, e.g. `@asynccontextmanager`), their methods called on an object
//! whose class the lint can see (`self.connect()`, `db.connect()` after
//! `db = Database()`), and asyncio's own.

use ruff_python_ast::{Expr, Stmt};

use crate::Finding;
use crate::functions::is_coroutine_function;
use crate::program::Program;
use crate::resolve::Callee;
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

/// asyncio functions that are `async def` (checked with
/// `inspect.iscoroutinefunction` on CPython 3.11).
const ASYNCIO_COROUTINES: &[&str] = &[
    "asyncio.sleep",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.to_thread",
    "asyncio.open_connection",
    "asyncio.start_server",
    "asyncio.open_unix_connection",
    "asyncio.start_unix_server",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
];

/// Coroutine methods of asyncio's objects, by the type names of
/// `resolve::CONSTRUCTORS` (also checked on CPython 3.11).
const COROUTINE_METHODS: &[(&str, &[&str])] = &[
    ("asyncio.Queue", &["put", "get", "join"]),
    ("asyncio.Lock", &["acquire"]),
    ("asyncio.Semaphore", &["acquire"]),
    ("asyncio.Event", &["wait"]),
    ("asyncio.Condition", &["acquire", "wait", "wait_for"]),
    ("asyncio.Barrier", &["wait", "reset", "abort"]),
    (
        "asyncio.EventLoop",
        &[
            "create_connection",
            "create_server",
            "create_datagram_endpoint",
            "create_unix_connection",
            "create_unix_server",
            "getaddrinfo",
            "getnameinfo",
            "sock_recv",
            "sock_recv_into",
            "sock_sendall",
            "sock_connect",
            "sock_accept",
            "sendfile",
            "start_tls",
            "subprocess_exec",
            "subprocess_shell",
            "connect_read_pipe",
            "connect_write_pipe",
            "shutdown_asyncgens",
            "shutdown_default_executor",
        ],
    ),
];

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let mut statements = DiscardedCalls {
        program,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut statements);
    statements.findings
}

enum Discarded {
    Coroutine,
    /// `asyncio.gather(...)`: its children do run (gather wraps them in
    /// tasks), but nobody waits for them or sees their errors.
    Gather,
}

struct DiscardedCalls<'p, 'a> {
    program: &'p Program<'p, 'a>,
    findings: Vec<Finding>,
}

impl<'a> Check<'a> for DiscardedCalls<'_, 'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        let Stmt::Expr(statement) = stmt else { return };
        let Expr::Call(call) = statement.value.as_ref() else {
            return;
        };
        let discarded = match self.program.index.callee(&call.func, scope) {
            Callee::Function(def) if is_coroutine_function(def) => Discarded::Coroutine,
            Callee::Qualified(path) if path == "asyncio.gather" => Discarded::Gather,
            Callee::Qualified(path) if ASYNCIO_COROUTINES.contains(&path.as_str()) => {
                Discarded::Coroutine
            }
            Callee::Method(kind, method)
                if COROUTINE_METHODS.iter().any(|(known, methods)| {
                    *known == kind && methods.contains(&method.as_str())
                }) =>
            {
                Discarded::Coroutine
            }
            _ => return,
        };
        let code = self.program.source.quote(call, call.func.as_ref());
        let message = match (discarded, scope.in_coroutine()) {
            (Discarded::Gather, _) => format!(
                "`{code}` is not awaited: its work runs unwatched, and nobody gets its results \
                 or errors. Write `await {code}`."
            ),
            (Discarded::Coroutine, true) => format!(
                "`{code}` only creates a coroutine, and it is thrown away: its body never runs. \
                 Write `await {code}`."
            ),
            (Discarded::Coroutine, false) => format!(
                "`{code}` only creates a coroutine, and it is thrown away: its body never runs. \
                 Await it inside `async def`, or run it with `asyncio.run({code})`."
            ),
        };
        self.findings
            .push(self.program.finding(Rule::MissingAwait, call, message));
    }
}
