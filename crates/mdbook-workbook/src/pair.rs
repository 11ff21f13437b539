//! `{{#pair NAME}}`: a wrong snippet and its corrected twin, with the
//! output each one produced.

use std::path::{Path, PathBuf};

use crate::error::{FileError, Problem};
use crate::html;
use crate::layout::{Layout, slash_path};
use crate::read::{is_dir, read_optional_text, read_text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    /// The pair folder relative to `src`, `/`-separated.
    id: String,
    snippets: [Snippet; 2],
    /// Why the pair needs OS threads talking to the loop, when it does: its
    /// outputs then come from CPython with real threads, not from the sandbox.
    real_threads: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    role: Role,
    source: String,
    stdout: String,
    /// `None` when the program wrote nothing to stderr.
    stderr: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Wrong,
    Correct,
}

impl Role {
    fn stem(self) -> &'static str {
        match self {
            Role::Wrong => "wrong",
            Role::Correct => "correct",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Role::Wrong => "✗ Wrong",
            Role::Correct => "✓ Correct",
        }
    }
}

const SOURCE_HELP: &str = "every pair folder holds wrong.py and correct.py; \
    create the file, or correct the pair name in the directive";

const STDOUT_HELP: &str = "each snippet's output is committed next to it: run the \
    snippet and save what it prints to stdout as this file (an empty file if it \
    prints nothing)";

/// The file that marks a pair as needing real threads; it says why.
const REAL_THREADS_MARKER: &str = "needs-real-threads.txt";

const MISSING_DIR_HELP: &str = "a pair lives in a folder next to its chapter file, \
    holding wrong.py, correct.py, wrong.stdout and correct.stdout (plus \
    wrong.stderr / correct.stderr when not empty); create it, or correct the pair \
    name in the directive";

/// `chapter` is the chapter file relative to `src`.
pub(crate) fn load(layout: &Layout, chapter: &Path, name: &str) -> Result<Pair, Vec<Problem>> {
    let in_src = Layout::chapter_dir(chapter).join(name);
    let dir = layout.src().join(&in_src);
    if !is_dir(layout, &dir) {
        return Err(vec![Problem::MissingDirectory {
            path: dir,
            help: MISSING_DIR_HELP,
        }]);
    }
    let mut problems = Vec::new();
    let wrong = load_snippet(layout, &dir, Role::Wrong, &mut problems);
    let correct = load_snippet(layout, &dir, Role::Correct, &mut problems);
    let real_threads = keep(
        read_optional_text(layout, dir.join(REAL_THREADS_MARKER)),
        &mut problems,
    );
    match (wrong, correct, real_threads) {
        (Some(wrong), Some(correct), Some(real_threads)) => Ok(Pair {
            id: slash_path(&in_src),
            snippets: [wrong, correct],
            real_threads: real_threads.map(|why| why.trim().to_owned()),
        }),
        _ => Err(problems),
    }
}

/// Reads all of a snippet's files even after one fails, so every problem
/// is reported in one go.
fn load_snippet(
    layout: &Layout,
    dir: &Path,
    role: Role,
    problems: &mut Vec<Problem>,
) -> Option<Snippet> {
    let file = |extension: &str| -> PathBuf { dir.join(format!("{}.{extension}", role.stem())) };
    let source = keep(read_text(layout, file("py"), SOURCE_HELP), problems);
    let stdout = keep(read_text(layout, file("stdout"), STDOUT_HELP), problems);
    let stderr = keep(read_optional_text(layout, file("stderr")), problems);
    Some(Snippet {
        role,
        source: source?,
        stdout: stdout?,
        stderr: stderr?.filter(|text| !text.is_empty()),
    })
}

fn keep<T>(result: Result<T, FileError>, problems: &mut Vec<Problem>) -> Option<T> {
    result.map_err(|err| problems.push(Problem::File(err))).ok()
}

/// One raw-HTML block without blank lines; see the crate docs for the
/// contract.
pub(crate) fn render(pair: &Pair) -> String {
    let id = html::text(&pair.id);
    let needs = if pair.real_threads.is_some() {
        " data-wb-needs=\"real-threads\""
    } else {
        ""
    };
    let mut out = format!("<div class=\"wb-pair\" data-wb-pair=\"{id}\"{needs}>\n");
    if let Some(why) = &pair.real_threads {
        out.push_str(&format!(
            "<p class=\"wb-real-threads\"><strong>Needs real threads.</strong> {} \
             The outputs shown are CPython 3.11's, run with real threads. In this \
             page's sandbox, which has none, Run says so instead of guessing.</p>\n",
            html::text(why)
        ));
    }
    let output_label = if pair.real_threads.is_some() {
        "Output (CPython 3.11, real threads)"
    } else {
        "Output"
    };
    for snippet in &pair.snippets {
        render_snippet(&mut out, &id, snippet, output_label);
    }
    out.push_str("</div>");
    out
}

fn render_snippet(out: &mut String, pair_id: &str, snippet: &Snippet, output_label: &str) {
    let stem = snippet.role.stem();
    out.push_str(&format!(
        "<div class=\"wb-snippet\" data-wb-role=\"{stem}\" data-wb-id=\"{pair_id}/{stem}\" \
         data-wb-file=\"{stem}.py\">\n"
    ));
    out.push_str(&format!(
        "<div class=\"wb-label\">{}</div>\n",
        snippet.role.label()
    ));
    out.push_str(&format!(
        "<pre class=\"wb-source\"><code class=\"language-python\">{}</code></pre>\n",
        html::text(&snippet.source)
    ));
    out.push_str(&format!(
        "<div class=\"wb-expected\"><div class=\"wb-expected-label\">{output_label}</div>\
         <pre class=\"wb-stdout\">{}</pre>",
        html::pre_text(&snippet.stdout)
    ));
    if let Some(stderr) = &snippet.stderr {
        out.push_str(&format!(
            "<pre class=\"wb-stderr\">{}</pre>",
            html::pre_text(stderr)
        ));
    }
    out.push_str("</div>\n</div>\n");
}
