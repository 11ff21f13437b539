//! Following plain functions: does calling `get(url)` end up in
//! `time.sleep`, or `get_price(symbol)` in `asyncio.run`? The answer names
//! the call deep down that does it, so a message can point at it.

use std::cell::RefCell;
use std::collections::HashMap;

use ruff_python_ast::{Expr, ExprCall, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::functions::is_generator;
use crate::index::Index;
use crate::position::Source;
use crate::resolve::Callee;
use crate::scope::{Check, Scope, walk};

/// The call at the bottom of a chain of plain functions.
#[derive(Clone, Debug)]
pub(crate) struct Evidence {
    pub(crate) code: String,
    pub(crate) line: usize,
}

/// Answers "does this plain function (or one it calls) make a call that
/// `is_target` picks out?", remembering each answer.
pub(crate) struct Reach<'i, 'a, F> {
    index: &'i Index<'a>,
    source: &'i Source<'a>,
    is_target: F,
    answers: RefCell<HashMap<TextSize, Option<Evidence>>>,
}

impl<'i, 'a, F> Reach<'i, 'a, F>
where
    F: Fn(&ExprCall, &Scope<'a>) -> bool,
{
    pub(crate) fn new(index: &'i Index<'a>, source: &'i Source<'a>, is_target: F) -> Self {
        Reach {
            index,
            source,
            is_target,
            answers: RefCell::new(HashMap::new()),
        }
    }

    /// `None` for coroutine and generator functions: calling them runs
    /// nothing yet.
    pub(crate) fn evidence(&self, def: &'a StmtFunctionDef) -> Option<Evidence> {
        if def.is_async || is_generator(def) {
            return None;
        }
        if let Some(known) = self.answers.borrow().get(&def.start()) {
            return known.clone();
        }
        // A function that calls itself (directly or not) is not evidence of
        // anything until some call proves otherwise.
        self.answers.borrow_mut().insert(def.start(), None);
        let mut calls = OwnCalls {
            def,
            calls: Vec::new(),
        };
        walk(&def.body, self.index.body_scope(def), &mut calls);
        let found = calls.calls.into_iter().find_map(|(call, scope)| {
            if (self.is_target)(call, &scope) {
                let (line, _) = self.source.line_column(call.start());
                let code = self.source.quote(call, call.func.as_ref());
                return Some(Evidence { code, line });
            }
            match self.index.callee(&call.func, &scope) {
                Callee::Function(inner) => self.evidence(inner),
                _ => None,
            }
        });
        self.answers.borrow_mut().insert(def.start(), found.clone());
        found
    }
}

/// The calls a function makes when it runs: not those in functions or
/// lambdas defined inside it, which run only if called.
struct OwnCalls<'a> {
    def: &'a StmtFunctionDef,
    calls: Vec<(&'a ExprCall, Scope<'a>)>,
}

impl<'a> Check<'a> for OwnCalls<'a> {
    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        let own = scope
            .function()
            .is_some_and(|def| std::ptr::eq(def, self.def));
        if let (Expr::Call(call), true) = (expr, own) {
            self.calls.push((call, scope.clone()));
        }
    }
}
