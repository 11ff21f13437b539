//! `blocking-call`: a call inside `async def` that holds the event loop's
//! thread until it returns, so every other task waits.
//!
//! Found directly (`time.sleep`, `requests.*`, `subprocess.run`, `open`)
//! and through the program's own plain functions: `get(url)` blocks when
//! `get` (or a function it calls) calls `time.sleep`, and `with
//! Connection():` blocks when the class's `__enter__` or `__exit__` does.
//! Calls handed to a thread (`asyncio.to_thread(time.sleep, 1)`, or inside a
//! nested `def`/`lambda`) are not made on the loop, and are left alone.

use ruff_python_ast::{Expr, ExprCall, Number, Stmt};

use crate::Finding;
use crate::program::Program;
use crate::reach::Reach;
use crate::resolve::{Callee, Type};
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

const SUBPROCESS: &[&str] = &[
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
];
const HTTP_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Blocking {
    Sleep,
    Http,
    Subprocess,
    File,
}

fn blocking(program: &Program, call: &ExprCall, scope: &Scope) -> Option<Blocking> {
    match program.index.callee(&call.func, scope) {
        Callee::Qualified(path) if path == "time.sleep" && !sleeps_zero(call) => {
            Some(Blocking::Sleep)
        }
        Callee::Qualified(path) if SUBPROCESS.contains(&path.as_str()) => {
            Some(Blocking::Subprocess)
        }
        // Functions only: `requests.Session()` and the exception classes
        // make no request.
        Callee::Qualified(path)
            if path.strip_prefix("requests.").is_some_and(|name| {
                name.split('.').next_back().is_some_and(|last| {
                    last.starts_with(|c: char| c.is_ascii_lowercase()) && last != "session"
                })
            }) =>
        {
            Some(Blocking::Http)
        }
        Callee::Method("requests.Session", method) if HTTP_METHODS.contains(&method.as_str()) => {
            Some(Blocking::Http)
        }
        Callee::Qualified(path) if path == "open" => Some(Blocking::File),
        _ => None,
    }
}

/// `time.sleep(0)` gives up the GIL and returns at once: it stops no one.
fn sleeps_zero(call: &ExprCall) -> bool {
    match call.arguments.args.first() {
        Some(Expr::NumberLiteral(literal)) => match &literal.value {
            Number::Int(int) => int.as_u64() == Some(0),
            Number::Float(float) => *float == 0.0,
            Number::Complex { .. } => false,
        },
        _ => false,
    }
}

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let reach = Reach::new(
        program.index,
        program.source,
        |call: &ExprCall, scope: &Scope| blocking(program, call, scope).is_some(),
    );
    let mut calls = BlockingCalls {
        program,
        reach,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut calls);
    calls.findings
}

struct BlockingCalls<'p, 'a, F> {
    program: &'p Program<'p, 'a>,
    reach: Reach<'p, 'a, F>,
    findings: Vec<Finding>,
}

impl<'a, F> Check<'a> for BlockingCalls<'_, 'a, F>
where
    F: Fn(&ExprCall, &Scope<'a>) -> bool,
{
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        let Stmt::With(with) = stmt else { return };
        if with.is_async || !scope.in_coroutine() {
            return;
        }
        for item in &with.items {
            let Some(Type::Class(class)) = self.program.index.type_of(&item.context_expr, scope)
            else {
                continue;
            };
            let blocking = ["__enter__", "__exit__"].into_iter().find_map(|method| {
                let def = class.methods.get(method)?;
                Some((method, self.reach.evidence(def)?))
            });
            let Some((method, evidence)) = blocking else {
                continue;
            };
            let code = self.program.source.code(&item.context_expr);
            let message = format!(
                "`with {code}` blocks the event loop: its `{method}` calls `{}` (line {}), and \
                 every task waits meanwhile. Make it an async context manager and use \
                 `async with`.",
                evidence.code, evidence.line
            );
            let finding = self
                .program
                .finding(Rule::BlockingCall, &item.context_expr, message);
            self.findings.push(finding);
        }
    }

    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        let Expr::Call(call) = expr else { return };
        if !scope.in_coroutine() {
            return;
        }
        let message = match blocking(self.program, call, scope) {
            Some(kind) => direct_message(self.program, call, kind),
            None => match self.program.index.callee(&call.func, scope) {
                Callee::Function(def) => match self.reach.evidence(def) {
                    Some(evidence) => format!(
                        "`{}` blocks the event loop: it calls `{}` (line {}), and every task \
                         waits meanwhile. Run it with `await {}`.",
                        quote(self.program, call),
                        evidence.code,
                        evidence.line,
                        to_thread(self.program, call),
                    ),
                    None => return,
                },
                _ => return,
            },
        };
        let finding = self.program.finding(Rule::BlockingCall, call, message);
        self.findings.push(finding);
    }
}

fn direct_message(program: &Program, call: &ExprCall, kind: Blocking) -> String {
    let code = quote(program, call);
    match kind {
        Blocking::Sleep => {
            let seconds = call
                .arguments
                .args
                .first()
                .map(|arg| program.source.code(arg));
            let (how_long, asleep) = match (call.arguments.args.first(), seconds) {
                (Some(Expr::NumberLiteral(_)), Some(seconds)) => {
                    (format!("for {seconds} s"), seconds)
                }
                (_, Some(seconds)) => ("while it sleeps".to_string(), seconds),
                (_, None) => ("while it sleeps".to_string(), "..."),
            };
            format!(
                "`{code}` blocks the event loop: every task stops {how_long}. \
                 Use `await asyncio.sleep({asleep})`."
            )
        }
        Blocking::Http => format!(
            "`{code}` blocks the event loop: every task waits for the reply. Use an async \
             client, or run it with `await {}`.",
            to_thread(program, call)
        ),
        Blocking::Subprocess => format!(
            "`{code}` blocks the event loop until the command exits. Use \
             `asyncio.create_subprocess_exec`, or run it with `await {}`.",
            to_thread(program, call)
        ),
        Blocking::File => format!(
            "`{code}` does file I/O on the event loop's thread: every task waits for the \
             disk. Do the file work in a thread with `await asyncio.to_thread(...)`."
        ),
    }
}

fn quote(program: &Program, call: &ExprCall) -> String {
    program.source.quote(call, call.func.as_ref())
}

/// `asyncio.to_thread(func, args...)` for the call, or `asyncio.to_thread(func, ...)`
/// when the arguments are long.
fn to_thread(program: &Program, call: &ExprCall) -> String {
    let func = program.source.code(call.func.as_ref());
    let arguments = program.source.code(&call.arguments);
    let inner = arguments
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or("")
        .trim();
    let inner = if inner.contains('\n') || inner.len() > 40 {
        "..."
    } else {
        inner
    };
    match inner {
        "" => format!("asyncio.to_thread({func})"),
        _ => format!("asyncio.to_thread({func}, {})", inner.trim_end_matches(',')),
    }
}
