//! One parsed program and what every rule needs to inspect it.

use ruff_python_ast::Stmt;
use ruff_text_size::Ranged;

use crate::Finding;
use crate::index::Index;
use crate::position::Source;
use crate::rules::Rule;

pub(crate) struct Program<'p, 'a> {
    pub(crate) body: &'a [Stmt],
    pub(crate) source: &'p Source<'a>,
    pub(crate) index: &'p Index<'a>,
}

impl Program<'_, '_> {
    pub(crate) fn finding(&self, rule: Rule, node: &impl Ranged, message: String) -> Finding {
        let (line, column) = self.source.line_column(node.start());
        Finding {
            rule: rule.id().to_string(),
            line,
            column: Some(column),
            message,
            chapter: rule.chapter().to_string(),
        }
    }
}
