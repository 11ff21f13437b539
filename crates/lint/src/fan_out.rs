//! `unbounded-gather`: `asyncio.gather(*(work(x) for x in items))` starts
//! one coroutine per item, all at once.
//!
//! The heuristic, chosen so that the book's correct programs stay clean:
//! - only a gather over a starred comprehension counts;
//! - the fan-out is bounded when each element is already limited: the
//!   coroutine it calls holds an `asyncio.Semaphore` (`async with slots:`
//!   or `await slots.acquire()`), or the element is `asyncio.to_thread(...)`
//!   / `loop.run_in_executor(...)`, which queue on the executor's workers;
//! - otherwise it is flagged only when the lint can count the items (a
//!   literal, `range(n)` with known bounds, a comprehension over those, or a
//!   parameter whose every caller passes one) and there are more than
//!   [`LARGE_FAN_OUT`]. A handful of items at once is what gather is for; a
//!   list of unknown length is left alone, since most are short.

use ruff_python_ast::{Comprehension, Expr, ExprCall, Stmt, StmtFunctionDef};

use crate::Finding;
use crate::program::Program;
use crate::resolve::{Callee, Type};
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};
use crate::sizes::Sizes;

/// More coroutines than this, started together with nothing limiting them,
/// is a fan-out someone should bound.
pub(crate) const LARGE_FAN_OUT: u64 = 50;

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let mut gathers = Gathers {
        program,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut gathers);
    gathers.findings
}

struct Gathers<'p, 'a> {
    program: &'p Program<'p, 'a>,
    findings: Vec<Finding>,
}

impl<'a> Check<'a> for Gathers<'_, 'a> {
    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        let Expr::Call(call) = expr else { return };
        let index = self.program.index;
        if !matches!(index.callee(&call.func, scope), Callee::Qualified(path) if path == "asyncio.gather")
        {
            return;
        }
        for argument in &call.arguments.args {
            let Expr::Starred(starred) = argument else {
                continue;
            };
            let (element, generators): (&Expr, &[Comprehension]) = match starred.value.as_ref() {
                Expr::Generator(generator) => (&generator.elt, &generator.generators),
                Expr::ListComp(comprehension) => (&comprehension.elt, &comprehension.generators),
                Expr::SetComp(comprehension) => (&comprehension.elt, &comprehension.generators),
                _ => continue,
            };
            if self.is_limited(element, scope) {
                continue;
            }
            let sizes = Sizes::new(self.program);
            let Some(count) = sizes.items(&starred.value, scope) else {
                continue;
            };
            if count <= LARGE_FAN_OUT || generators.is_empty() {
                continue;
            }
            let code = self.program.source.quote(call, call.func.as_ref());
            let filtered = generators.iter().any(|generator| !generator.ifs.is_empty());
            let how_many = if filtered { "up to" } else { "all" };
            let message = format!(
                "`{code}` starts {how_many} {count} coroutines at once, and nothing limits how \
                 many run together. Bound it with an `asyncio.Semaphore` or a fixed pool of \
                 workers."
            );
            self.findings
                .push(self.program.finding(Rule::UnboundedGather, call, message));
        }
    }
}

impl<'a> Gathers<'_, 'a> {
    fn is_limited(&self, element: &Expr, scope: &Scope<'a>) -> bool {
        let Expr::Call(call) = element else {
            return false;
        };
        match self.program.index.callee(&call.func, scope) {
            Callee::Qualified(path) => path == "asyncio.to_thread",
            Callee::Method(kind, method) => {
                kind == "asyncio.EventLoop" && method == "run_in_executor"
            }
            Callee::Function(def) => self.holds_semaphore(def),
            Callee::Unknown => false,
        }
    }

    fn holds_semaphore(&self, def: &'a StmtFunctionDef) -> bool {
        let mut finder = SemaphoreUse {
            program: self.program,
            def,
            found: false,
        };
        walk(&def.body, self.program.index.body_scope(def), &mut finder);
        finder.found
    }
}

struct SemaphoreUse<'p, 'a> {
    program: &'p Program<'p, 'a>,
    def: &'a StmtFunctionDef,
    found: bool,
}

impl<'a> SemaphoreUse<'_, 'a> {
    fn is_semaphore(&self, expr: &Expr, scope: &Scope<'a>) -> bool {
        matches!(
            self.program.index.type_of(expr, scope),
            Some(Type::Known("asyncio.Semaphore"))
        )
    }

    fn is_own(&self, scope: &Scope<'a>) -> bool {
        scope
            .function()
            .is_some_and(|def| std::ptr::eq(def, self.def))
    }
}

impl<'a> Check<'a> for SemaphoreUse<'_, 'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        if let Stmt::With(with) = stmt
            && with.is_async
            && self.is_own(scope)
            && with
                .items
                .iter()
                .any(|item| self.is_semaphore(&item.context_expr, scope))
        {
            self.found = true;
        }
    }

    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        if let Expr::Call(ExprCall { func, .. }) = expr
            && let Expr::Attribute(attribute) = func.as_ref()
            && attribute.attr.as_str() == "acquire"
            && self.is_own(scope)
            && self.is_semaphore(&attribute.value, scope)
        {
            self.found = true;
        }
    }
}
