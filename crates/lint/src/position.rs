//! Turning byte offsets into the 1-based line and column a reader sees, and
//! quoting the program's own code in messages.

use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextSize};

/// Longest code quoted whole in a message; longer code is abbreviated.
const QUOTE_LIMIT: usize = 60;

pub(crate) struct Source<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Source {
            text,
            lines: LineIndex::from_source_text(text),
        }
    }

    /// 1-based line and column (in characters, as CPython counts them).
    pub(crate) fn line_column(&self, offset: TextSize) -> (usize, usize) {
        let position = self.lines.line_column(offset, self.text);
        (position.line.get(), position.column.get())
    }

    pub(crate) fn code(&self, node: &impl Ranged) -> &'a str {
        &self.text[node.range()]
    }

    /// The node's code on one line, abbreviated to `head(...)` when it is long,
    /// so a message stays one readable sentence.
    pub(crate) fn quote(&self, node: &impl Ranged, head: &impl Ranged) -> String {
        let code = self.code(node);
        if code.len() <= QUOTE_LIMIT && !code.contains('\n') {
            return code.to_string();
        }
        format!("{}(...)", self.code(head))
    }
}
