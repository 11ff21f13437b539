//! The asyncio mistakes the workbook names, and where the book explains each.
//!
//! Two kinds of rule share one table ([`Rule`]):
//! - static rules, which [`lint`] finds by reading a program's syntax tree;
//! - runtime rules, which the sandbox reports while a program runs.
//!
//! Each [`Finding`] points at a line and links to the chapter section that
//! explains the mistake, so the page, the CLI and the tests say the same thing.
//!
//! The static rules are heuristics tuned never to flag the book's correct
//! programs: each one only speaks when the code shows the mistake plainly.

mod blocking;
mod cancellation;
mod dropped_task;
mod fan_out;
mod functions;
mod gathered_errors;
mod index;
mod missing_await;
mod position;
mod program;
mod reach;
mod resolve;
mod rules;
mod run_inside;
mod scope;
mod sizes;
mod syntax;

pub use rules::Rule;

use serde::{Deserialize, Serialize};

use crate::index::Index;
use crate::position::Source;
use crate::program::Program;

/// One mistake found in a program.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id, e.g. `blocking-call`.
    pub rule: String,
    /// 1-based line of the program the finding points at.
    pub line: usize,
    /// 1-based column, when the rule knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// One or two short sentences in the reader's terms.
    pub message: String,
    /// The book page and section that explain it, relative to the book's root
    /// (e.g. `blocking-the-loop/index.html#a-sleep-that-stops-the-world`).
    pub chapter: String,
}

/// Why a program could not be linted: Python would refuse to run it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

/// The result of linting, as the browser and `--format json` receive it:
/// `{"findings": [...]}` or `{"syntax_error": {"line", "column", "message"}}`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Findings(Vec<Finding>),
    SyntaxError(SyntaxProblem),
}

impl From<Result<Vec<Finding>, SyntaxProblem>> for Outcome {
    fn from(result: Result<Vec<Finding>, SyntaxProblem>) -> Self {
        match result {
            Ok(findings) => Outcome::Findings(findings),
            Err(problem) => Outcome::SyntaxError(problem),
        }
    }
}

/// Every static rule's finding in `source`, sorted by line and column.
pub fn lint(source: &str) -> Result<Vec<Finding>, SyntaxProblem> {
    let module = syntax::parse(source)?;
    let source = Source::new(source);
    let index = Index::build(&module.body);
    let program = Program {
        body: &module.body,
        source: &source,
        index: &index,
    };
    let checks: [fn(&Program) -> Vec<Finding>; 7] = [
        blocking::check,
        missing_await::check,
        dropped_task::check,
        run_inside::check,
        fan_out::check,
        cancellation::check,
        gathered_errors::check,
    ];
    let mut findings: Vec<Finding> = checks.iter().flat_map(|check| check(&program)).collect();
    findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    Ok(findings)
}
