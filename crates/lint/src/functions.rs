//! What calling a function does, as far as its `def` line and body show.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

/// True when calling `def` returns a coroutine.
pub(crate) fn is_coroutine_function(def: &StmtFunctionDef) -> bool {
    let plain_decorators = def.decorator_list.iter().all(|decorator| {
        matches!(&decorator.expression, Expr::Name(name)
            if matches!(name.id.as_str(), "staticmethod" | "classmethod"))
    });
    def.is_async && plain_decorators && !is_generator(def)
}

/// True for a generator function: calling it runs none of its body.
pub(crate) fn is_generator(def: &StmtFunctionDef) -> bool {
    struct FindYield(bool);
    impl<'a> Visitor<'a> for FindYield {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => walk_expr(self, expr),
            }
        }
    }
    let mut finder = FindYield(false);
    finder.visit_body(&def.body);
    finder.0
}

/// True for a `@staticmethod`, whose first parameter is not the instance.
pub(crate) fn is_static(def: &StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|decorator| {
        matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "staticmethod")
    })
}
