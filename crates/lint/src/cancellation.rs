//! `swallowed-cancellation`: inside `async def`, a handler that catches the
//! task's cancellation and does not raise it again. Cancelling a task
//! raises `CancelledError` at its current `await`; since Python 3.8 that is
//! a `BaseException`, so `except Exception:` lets it through but a bare
//! `except:`, `except BaseException:` or `except asyncio.CancelledError:`
//! catches it. If the handler ends without `raise`, the task carries on as
//! if nothing happened, and timeouts, `TaskGroup`s and shutdown cannot stop it.
//!
//! A handler with any `raise` in it counts as re-raising. One exception:
//! a `try` whose body only awaits an existing task (`await task`) is where
//! you collect a task you cancelled yourself, and swallowing its
//! cancellation there is the usual idiom.

use ruff_python_ast::visitor::{Visitor, walk_stmt};
use ruff_python_ast::{ExceptHandler, Expr, Stmt};

use crate::Finding;
use crate::program::Program;
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

const CANCELLATION_CATCHERS: &[&str] = &[
    "BaseException",
    "asyncio.CancelledError",
    "asyncio.exceptions.CancelledError",
];

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let mut handlers = Handlers {
        program,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut handlers);
    handlers.findings
}

struct Handlers<'p, 'a> {
    program: &'p Program<'p, 'a>,
    findings: Vec<Finding>,
}

impl<'a> Check<'a> for Handlers<'_, 'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        let Stmt::Try(attempt) = stmt else { return };
        if attempt.is_star || !scope.in_coroutine() || awaits_only_a_task(&attempt.body) {
            return;
        }
        for ExceptHandler::ExceptHandler(handler) in &attempt.handlers {
            let caught = match handler.type_.as_deref() {
                None => Some("except:".to_string()),
                Some(kind) => {
                    let kinds = match kind {
                        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                        single => vec![single],
                    };
                    let catches = kinds.into_iter().any(|kind| {
                        let path = self.program.index.qualified(kind, scope);
                        path.is_some_and(|path| CANCELLATION_CATCHERS.contains(&path.as_str()))
                    });
                    catches.then(|| format!("except {}:", self.program.source.code(kind)))
                }
            };
            let Some(header) = caught else { continue };
            if raises(&handler.body) {
                continue;
            }
            let message = match handler.type_.as_deref() {
                Some(kind) if self.program.source.code(kind).contains("CancelledError") => format!(
                    "`{header}` ends without `raise`: the task swallows its own cancellation and \
                     carries on, so a timeout or shutdown cannot stop it. Clean up, then `raise`."
                ),
                _ => format!(
                    "`{header}` also catches the task's cancellation (CancelledError is a \
                     BaseException) and does not raise it again, so a timeout or shutdown cannot \
                     stop this task. Catch `Exception`, or end the handler with `raise`."
                ),
            };
            let finding = self
                .program
                .finding(Rule::SwallowedCancellation, handler, message);
            self.findings.push(finding);
        }
    }
}

/// `await task` (or `await self.task`) and nothing else.
fn awaits_only_a_task(body: &[Stmt]) -> bool {
    !body.is_empty()
        && body.iter().all(|stmt| {
            matches!(stmt, Stmt::Expr(statement)
                if matches!(statement.value.as_ref(), Expr::Await(awaited)
                    if matches!(awaited.value.as_ref(), Expr::Name(_) | Expr::Attribute(_))))
        })
}

/// True when a `raise` statement appears in `body` (outside nested functions).
fn raises(body: &[Stmt]) -> bool {
    struct FindRaise(bool);
    impl<'a> Visitor<'a> for FindRaise {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::Raise(_) => self.0 = true,
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => walk_stmt(self, stmt),
            }
        }
    }
    let mut finder = FindRaise(false);
    finder.visit_body(body);
    finder.0
}
