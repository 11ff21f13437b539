//! Parsing, and refusing what CPython 3.11 would refuse to run.
//!
//! The parser alone accepts code that CPython's compiler rejects before
//! running anything (`'await' outside async function`, `'return' outside
//! function`), and reports other errors in its own words. RustPython's
//! compiler, which the sandbox runs programs with, reports them at CPython's
//! line and column and mostly in its words, so a syntax error reads the same
//! in the lint as when the program is run. It accepts syntax newer than 3.11
//! (`type X = int`), which the parser, told to target 3.11, catches.

use ruff_python_ast::{ModModule, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::{Ranged, TextSize};
use rustpython_compiler::CompileOpts;

use crate::SyntaxProblem;
use crate::position::Source;

pub(crate) fn parse(text: &str) -> Result<ModModule, SyntaxProblem> {
    let compiled = rustpython_compiler::compile(
        text,
        rustpython_compiler::Mode::Exec,
        "<lint>",
        CompileOpts::default(),
    );
    if let Err(error) = compiled {
        let (line, column) = error.python_location();
        return Err(SyntaxProblem {
            line: line.max(1),
            column: column.max(1),
            message: error.to_string(),
        });
    }
    let source = Source::new(text);
    let problem = |at: TextSize, message: String| {
        let (line, column) = source.line_column(at);
        SyntaxProblem {
            line,
            column,
            message,
        }
    };
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = ruff_python_parser::parse(text, options)
        .map_err(|error| problem(error.location.start(), error.error.to_string()))?;
    if let Some(error) = parsed.unsupported_syntax_errors().first() {
        return Err(problem(error.start(), error.to_string()));
    }
    Ok(parsed
        .try_into_module()
        .expect("parsed in module mode")
        .into_syntax())
}
