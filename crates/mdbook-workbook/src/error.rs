//! Everything that can be wrong with a book, each said with its fix.

use std::error::Error;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::read::MAX_FILE_BYTES;

/// All the problems found in a book; the build fails if there is any.
///
/// They are gathered rather than stopping at the first, so one build shows
/// an author everything left to fix.
#[derive(Debug)]
pub struct BookError {
    errors: Vec<ChapterError>,
}

impl BookError {
    pub(crate) fn new(errors: Vec<ChapterError>) -> Self {
        BookError { errors }
    }

    pub fn errors(&self) -> &[ChapterError] {
        &self.errors
    }
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.errors {
            writeln!(f, "{error}")?;
        }
        let count = self.errors.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "mdbook-workbook: {count} problem{plural} in the book")
    }
}

impl Error for BookError {}

/// One problem, located at the directive that caused it.
#[derive(Debug)]
pub struct ChapterError {
    /// The chapter file, relative to the book root.
    pub chapter: PathBuf,
    /// 1-based line of the directive in the chapter as mdBook passed it on
    /// (after `{{#include}}`s were expanded).
    pub line: usize,
    /// The directive as written.
    pub directive: String,
    pub problem: Problem,
}

impl fmt::Display for ChapterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}:{}: in `{}`: {}",
            self.chapter.display(),
            self.line,
            self.directive,
            self.problem
        )
    }
}

impl Error for ChapterError {}

#[derive(Debug)]
pub enum Problem {
    Directive(DirectiveError),
    File(FileError),
    Config(ConfigError),
    MissingDirectory {
        /// Relative to the book root.
        path: PathBuf,
        help: &'static str,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Directive(err) => err.fmt(f),
            Problem::File(err) => err.fmt(f),
            Problem::Config(err) => err.fmt(f),
            Problem::MissingDirectory { path, help } => write!(
                f,
                "there is no folder `{}`\n  fix: {help}",
                dir_display(path)
            ),
        }
    }
}

fn dir_display(path: &Path) -> String {
    format!("{}/", path.display())
}

/// A directive that cannot be understood, before any file is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveError {
    MissingName {
        kind: &'static str,
    },
    ExtraArguments {
        kind: &'static str,
        extra: String,
    },
    InvalidName {
        kind: &'static str,
        name: String,
    },
    /// Looks like one of ours but is not spelled like one.
    Unknown {
        name: String,
        suggestion: &'static str,
    },
    Unclosed {
        kind: &'static str,
    },
    NotAlone {
        kind: &'static str,
    },
}

impl fmt::Display for DirectiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DirectiveError::MissingName { kind } => write!(
                f,
                "`{{{{#{kind}}}}}` has no name\n  fix: write `{{{{#{kind} NAME}}}}`; {}",
                name_meaning(kind)
            ),
            DirectiveError::ExtraArguments { kind, extra } if !takes_a_name(kind) => write!(
                f,
                "`{{{{#{kind}}}}}` takes no arguments, but `{extra}` follows it\n  \
                 fix: write `{}` alone; {}",
                usage(kind),
                name_meaning(kind)
            ),
            DirectiveError::ExtraArguments { kind, extra } => write!(
                f,
                "`{{{{#{kind}}}}}` takes exactly one name, but `{extra}` follows it\n  \
                 fix: remove the extra words; {}",
                name_meaning(kind)
            ),
            DirectiveError::InvalidName { kind, name } => write!(
                f,
                "`{name}` is not a valid {kind} name\n  fix: {}",
                name_rule(kind)
            ),
            DirectiveError::Unknown { name, suggestion } => write!(
                f,
                "`{{{{#{name}}}}}` is not a workbook directive\n  \
                 fix: did you mean `{}`? The workbook knows `{{{{#pair NAME}}}}`, \
                 `{{{{#exercise NAME}}}}` and `{{{{#workbook-progress}}}}`. To show the text \
                 literally, write `\\\\{{{{#{name} …}}}}` (mdBook's links preprocessor \
                 removes one backslash, this one the other)",
                usage(suggestion)
            ),
            DirectiveError::Unclosed { kind } => write!(
                f,
                "`{{{{#{kind}` is not closed with `}}}}` on the same line\n  \
                 fix: write the whole directive on one line: `{}`",
                usage(kind)
            ),
            DirectiveError::NotAlone { kind } => write!(
                f,
                "`{{{{#{kind} …}}}}` shares its line with other text\n  \
                 fix: put the directive on a line of its own (no list marker, quote \
                 marker or other words); it expands to a block of HTML"
            ),
        }
    }
}

impl Error for DirectiveError {}

fn takes_a_name(kind: &str) -> bool {
    kind != "workbook-progress"
}

/// The directive as an author writes it.
fn usage(kind: &str) -> String {
    if takes_a_name(kind) {
        format!("{{{{#{kind} NAME}}}}")
    } else {
        format!("{{{{#{kind}}}}}")
    }
}

fn name_meaning(kind: &str) -> &'static str {
    match kind {
        "pair" => "NAME is the folder next to this chapter holding wrong.py and correct.py",
        "exercise" => "NAME is the folder `exercises/NAME/` under the book root",
        _ => "it lists every exercise of the book by itself",
    }
}

fn name_rule(kind: &str) -> &'static str {
    if kind == "pair" {
        "use ASCII letters, digits, `-` and `_`, with `/` between nested folders \
         (no `.`, `..` or leading `/`): the pair must live under this chapter's folder"
    } else {
        "use ASCII letters, digits, `-` and `_` only: the name is also the Cargo \
         package name `exercise-NAME`"
    }
}

/// A file a directive needs that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Relative to the book root.
    pub path: PathBuf,
    pub problem: FileProblem,
    missing_help: &'static str,
}

impl FileError {
    pub(crate) fn new(path: PathBuf, problem: FileProblem, missing_help: &'static str) -> Self {
        FileError {
            path,
            problem,
            missing_help,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    NotFound,
    IsDirectory,
    TooLarge { bytes: u64 },
    NotUtf8 { offset: usize, line: usize },
    Io(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            FileProblem::NotFound => {
                write!(f, "missing file `{path}`\n  fix: {}", self.missing_help)
            }
            FileProblem::IsDirectory => write!(
                f,
                "`{path}` is a folder, but a file is expected there\n  \
                 fix: replace the folder with the file"
            ),
            FileProblem::TooLarge { bytes } => write!(
                f,
                "`{path}` is {bytes} bytes, over the {MAX_FILE_BYTES}-byte (1 MiB) limit \
                 for workbook files\n  fix: keep snippets, outputs and exercise files \
                 small; an output this large usually means the program printed in a loop"
            ),
            FileProblem::NotUtf8 { offset, line } => write!(
                f,
                "`{path}` is not valid UTF-8 (first bad byte at offset {offset}, line {line})\n  \
                 fix: save the file as UTF-8"
            ),
            FileProblem::Io(message) => write!(
                f,
                "cannot read `{path}`: {message}\n  \
                 fix: make sure the file exists and is readable"
            ),
        }
    }
}

impl Error for FileError {}

/// An `exercise.toml` that does not say what an exercise needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Relative to the book root.
    pub path: PathBuf,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    Syntax(String),
    MissingKey(&'static str),
    WrongType {
        key: &'static str,
        found: &'static str,
    },
    HintNotString {
        index: usize,
        found: &'static str,
    },
    EmptyTitle,
    UnknownKey(String),
}

/// What each key must hold, written the way the fix should look.
fn key_example(key: &str) -> &'static str {
    match key {
        "title" => "title = \"Don't block the loop\"",
        "prompt" => "prompt = \"\"\"Markdown telling the reader what to do.\"\"\"",
        _ => "hints = [\"first hint\", \"second hint\"] (or hints = [] for none)",
    }
}

fn key_type(key: &str) -> &'static str {
    if key == "hints" {
        "an array of strings"
    } else {
        "a string"
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            ConfigProblem::Syntax(message) => write!(
                f,
                "`{path}` is not valid TOML: {}\n  fix: correct the syntax; the file \
                 holds `title`, `prompt` and `hints`, e.g. {}",
                message.trim_end(),
                key_example("title")
            ),
            ConfigProblem::MissingKey(key) => write!(
                f,
                "`{path}` has no `{key}` key\n  fix: add {}",
                key_example(key)
            ),
            ConfigProblem::WrongType { key, found } => write!(
                f,
                "in `{path}`, `{key}` must be {}, but it is {} {found}\n  fix: write it as {}",
                key_type(key),
                article(found),
                key_example(key)
            ),
            ConfigProblem::HintNotString { index, found } => write!(
                f,
                "in `{path}`, hints[{index}] must be a string, but it is {} {found}\n  \
                 fix: quote it, e.g. hints = [\"Look at what time.sleep does to the loop\"]",
                article(found)
            ),
            ConfigProblem::EmptyTitle => write!(
                f,
                "in `{path}`, `title` is empty\n  fix: give the exercise a short title, e.g. {}",
                key_example("title")
            ),
            ConfigProblem::UnknownKey(key) => write!(
                f,
                "`{path}` has an unknown key `{key}`\n  fix: remove it or correct its \
                 spelling; the known keys are `title`, `prompt` and `hints`"
            ),
        }
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl Error for ConfigError {}
