//! Where a piece of code runs: the functions and classes around it.
//!
//! Most rules care whether code runs on the event loop, i.e. whether the
//! nearest enclosing function is an `async def`. A plain `def` or `lambda`
//! nested inside one may run anywhere (often in a worker thread), so its
//! body is not "on the loop" even though it sits inside a coroutine.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, Parameters, Stmt, StmtClassDef, StmtFunctionDef};

#[derive(Clone, Copy, Debug)]
pub(crate) enum Frame<'a> {
    Function(&'a StmtFunctionDef),
    Lambda,
    Class(&'a StmtClassDef),
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Scope<'a> {
    frames: Vec<Frame<'a>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn entering(&self, frame: Frame<'a>) -> Scope<'a> {
        let mut frames = self.frames.clone();
        frames.push(frame);
        Scope { frames }
    }

    /// The nearest `def` or `lambda`, skipping class bodies (which run when
    /// the code around them runs).
    fn innermost_callable(&self) -> Option<Frame<'a>> {
        self.frames
            .iter()
            .rev()
            .find(|frame| !matches!(frame, Frame::Class(_)))
            .copied()
    }

    /// True when this code runs on the event loop: its nearest function is
    /// an `async def`.
    pub(crate) fn in_coroutine(&self) -> bool {
        matches!(self.innermost_callable(), Some(Frame::Function(def)) if def.is_async)
    }

    /// The function whose body this code belongs to, unless it is in a lambda.
    pub(crate) fn function(&self) -> Option<&'a StmtFunctionDef> {
        match self.innermost_callable() {
            Some(Frame::Function(def)) => Some(def),
            _ => None,
        }
    }

    /// Enclosing functions, nearest first: where Python looks a name up
    /// before the module (class bodies are not searched from inside methods).
    pub(crate) fn functions(&self) -> impl Iterator<Item = &'a StmtFunctionDef> + '_ {
        self.frames.iter().rev().filter_map(|frame| match frame {
            Frame::Function(def) => Some(*def),
            _ => None,
        })
    }

    /// The class a function is defined directly in, if it is a method.
    pub(crate) fn class_of(&self, def: &StmtFunctionDef) -> Option<&'a StmtClassDef> {
        let at = self
            .frames
            .iter()
            .position(|frame| matches!(frame, Frame::Function(f) if std::ptr::eq(*f, def)))?;
        match self.frames.get(at.checked_sub(1)?) {
            Some(Frame::Class(class)) => Some(class),
            _ => None,
        }
    }

    /// The class whose body this code is directly in (not in a method).
    pub(crate) fn class_body(&self) -> Option<&'a StmtClassDef> {
        match self.frames.last() {
            Some(Frame::Class(class)) => Some(class),
            _ => None,
        }
    }
}

/// What a rule does at each statement and expression of a program.
pub(crate) trait Check<'a> {
    fn stmt(&mut self, _stmt: &'a Stmt, _scope: &Scope<'a>) {}
    fn expr(&mut self, _expr: &'a Expr, _scope: &Scope<'a>) {}
}

/// Visits every statement and expression of `body` (and of the functions in
/// it), telling `check` the scope of each.
pub(crate) fn walk<'a>(body: &'a [Stmt], scope: Scope<'a>, check: &mut impl Check<'a>) {
    let mut walker = Walker { scope, check };
    walker.visit_body(body);
}

struct Walker<'a, 'c, C> {
    scope: Scope<'a>,
    check: &'c mut C,
}

impl<'a, C: Check<'a>> Walker<'a, '_, C> {
    /// Visits `visit` inside `frame`: default values and decorators, which
    /// run in the outer scope, have been visited already.
    fn inside(&mut self, frame: Frame<'a>, visit: impl FnOnce(&mut Self)) {
        self.scope.frames.push(frame);
        visit(self);
        self.scope.frames.pop();
    }

    fn visit_defaults(&mut self, parameters: &'a Parameters) {
        for parameter in parameters.iter_non_variadic_params() {
            if let Some(default) = &parameter.default {
                self.visit_expr(default);
            }
        }
    }
}

impl<'a, C: Check<'a>> Visitor<'a> for Walker<'a, '_, C> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.check.stmt(stmt, &self.scope);
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.visit_defaults(&def.parameters);
                self.inside(Frame::Function(def), |walker| walker.visit_body(&def.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.inside(Frame::Class(class), |walker| walker.visit_body(&class.body));
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.check.expr(expr, &self.scope);
        match expr {
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_defaults(parameters);
                }
                self.inside(Frame::Lambda, |walker| walker.visit_expr(&lambda.body));
            }
            _ => walk_expr(self, expr),
        }
    }
}
