//! `unexamined-exceptions`: `gather(..., return_exceptions=True)` turns each
//! failure into an item of its result list instead of raising it. If no
//! one looks at the items, every failure passes in silence.
//!
//! Flagged when the result is plainly never examined:
//! - the awaited gather is a statement on its own, and it starts the work
//!   itself (a call or comprehension among its arguments). Gathering tasks
//!   that already exist (`await asyncio.gather(*workers,
//!   return_exceptions=True)`) is how a program waits for tasks it has just
//!   cancelled to stop, so that is left alone;
//! - the result is assigned to names that are then never read, read only
//!   by `len(...)`, or only looped over by a loop that never uses its item.

use ruff_python_ast::helpers::{any_over_body, any_over_expr};
use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Comprehension, Expr, ExprCall, ExprContext, Stmt};

use crate::Finding;
use crate::program::Program;
use crate::resolve::Callee;
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

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

impl<'a> Gathers<'_, 'a> {
    /// The awaited `gather(..., return_exceptions=True)` call in `value`.
    fn gather_keeping_errors(&self, value: &'a Expr, scope: &Scope<'a>) -> Option<&'a ExprCall> {
        let Expr::Await(awaited) = value else {
            return None;
        };
        let Expr::Call(call) = awaited.value.as_ref() else {
            return None;
        };
        let is_gather = matches!(self.program.index.callee(&call.func, scope),
            Callee::Qualified(path) if path == "asyncio.gather");
        let keeps_errors = call.arguments.keywords.iter().any(|keyword| {
            keyword
                .arg
                .as_ref()
                .is_some_and(|arg| arg.as_str() == "return_exceptions")
                && matches!(&keyword.value, Expr::BooleanLiteral(literal) if literal.value)
        });
        (is_gather && keeps_errors).then_some(call)
    }
}

impl<'a> Check<'a> for Gathers<'_, 'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        let program = self.program;
        match stmt {
            Stmt::Expr(statement) => {
                let Some(call) = self.gather_keeping_errors(&statement.value, scope) else {
                    return;
                };
                if call.arguments.args.iter().all(is_existing_task) {
                    return;
                }
                let code = program.source.quote(call, call.func.as_ref());
                let message = format!(
                    "`await {code}` throws its results away, and with them every failure \
                     `return_exceptions=True` collected: errors pass in silence. Keep the results \
                     and check each with `isinstance(result, BaseException)`."
                );
                self.findings
                    .push(program.finding(Rule::UnexaminedExceptions, call, message));
            }
            Stmt::Assign(assign) => {
                let Some(call) = self.gather_keeping_errors(&assign.value, scope) else {
                    return;
                };
                let mut names = Vec::new();
                for target in &assign.targets {
                    if !collect_names(target, &mut names) {
                        return;
                    }
                }
                let body = scope.function().map_or(program.body, |def| &def.body[..]);
                let mut uses = Uses {
                    names: &names,
                    examined: false,
                };
                uses.visit_body(body);
                if uses.examined {
                    return;
                }
                let shown = names.join(", ");
                let message = format!(
                    "`{shown}` holds the failures `return_exceptions=True` collected, and nothing \
                     looks at them: errors pass in silence. Check each result with \
                     `isinstance(result, BaseException)`."
                );
                self.findings
                    .push(program.finding(Rule::UnexaminedExceptions, call, message));
            }
            _ => {}
        }
    }
}

/// `task`, `self.task` or `*tasks`: something that was started elsewhere.
fn is_existing_task(argument: &Expr) -> bool {
    let argument = match argument {
        Expr::Starred(starred) => starred.value.as_ref(),
        other => other,
    };
    matches!(argument, Expr::Name(_) | Expr::Attribute(_))
}

/// The names an assignment target binds; `false` for targets such as
/// `self.results` or `items[0]`, whose later reads the lint cannot follow.
fn collect_names<'a>(target: &'a Expr, names: &mut Vec<&'a str>) -> bool {
    match target {
        Expr::Name(name) => {
            names.push(name.id.as_str());
            true
        }
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .all(|element| collect_names(element, names)),
        Expr::List(list) => list
            .elts
            .iter()
            .all(|element| collect_names(element, names)),
        Expr::Starred(starred) => collect_names(&starred.value, names),
        _ => false,
    }
}

fn reads(expr: &Expr, names: &[&str]) -> bool {
    matches!(expr, Expr::Name(name) if name.ctx == ExprContext::Load && names.contains(&name.id.as_str()))
}

fn target_names(target: &Expr) -> Vec<&str> {
    let mut names = Vec::new();
    collect_names(target, &mut names);
    names
}

/// Whether any read of `names` looks at the items.
struct Uses<'n> {
    names: &'n [&'n str],
    examined: bool,
}

impl Uses<'_> {
    fn loop_over(&mut self, target: &Expr, uses_item: impl FnOnce(&[&str]) -> bool) {
        let item = target_names(target);
        if uses_item(&item) {
            self.examined = true;
        }
    }

    fn comprehension(&mut self, generators: &[Comprehension], elements: &[&Expr]) {
        for generator in generators {
            if reads(&generator.iter, self.names) {
                self.loop_over(&generator.target, |item| {
                    let in_elements = elements
                        .iter()
                        .any(|e| any_over_expr(e, |e| reads(e, item)));
                    let in_clauses = generators.iter().any(|clause| {
                        let conditions = clause.ifs.iter();
                        let mut parts = conditions.chain(std::iter::once(&clause.iter));
                        parts.any(|part| any_over_expr(part, |e| reads(e, item)))
                    });
                    in_elements || in_clauses
                });
            } else {
                self.visit_expr(&generator.iter);
            }
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
    }
}

impl<'a> Visitor<'a> for Uses<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::For(each) if reads(&each.iter, self.names) => {
                self.loop_over(&each.target, |item| {
                    let reads_item = |e: &Expr| reads(e, item);
                    any_over_body(&each.body, reads_item) || any_over_body(&each.orelse, reads_item)
                });
                self.visit_body(&each.body);
                self.visit_body(&each.orelse);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call)
                if matches!(call.func.as_ref(), Expr::Name(name) if name.id.as_str() == "len")
                    && matches!(&call.arguments.args[..], [only] if reads(only, self.names)) => {}
            Expr::ListComp(comprehension) => {
                self.comprehension(&comprehension.generators, &[&comprehension.elt]);
            }
            Expr::SetComp(comprehension) => {
                self.comprehension(&comprehension.generators, &[&comprehension.elt]);
            }
            Expr::Generator(generator) => {
                self.comprehension(&generator.generators, &[&generator.elt]);
            }
            _ if reads(expr, self.names) => self.examined = true,
            _ => walk_expr(self, expr),
        }
    }
}
