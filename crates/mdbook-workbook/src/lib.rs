//! mdBook preprocessor for the Async Patterns Workbook.
//!
//! It expands three directives in chapter markdown into the HTML widgets the
//! workbook's front-end brings to life. This page is the contract between
//! the two: the front-end may rely on every class and `data-` attribute
//! listed here, and on nothing else.
//!
//! # Directives
//!
//! A directive must stand alone on its line (surrounding whitespace is
//! fine), because it expands to block-level HTML.
//!
//! * `{{#pair NAME}}` reads `NAME/` next to the chapter file: `wrong.py`,
//!   `correct.py`, `wrong.stdout`, `correct.stdout` (always required, empty
//!   when the program prints nothing) and `wrong.stderr`, `correct.stderr`
//!   (optional; an empty file counts as absent). NAME is one or more
//!   `/`-separated folders of ASCII letters, digits, `-` and `_`.
//! * `{{#exercise NAME}}` reads `exercises/NAME/` under the book root:
//!   `exercise.toml` (`title`, `prompt`, `hints`; nothing else),
//!   `python/starter.py`, `python/checks.py`, `python/solution.py`, and when
//!   `rust/` exists, `rust/src/starter.rs` and `rust/src/solution.rs`. NAME is
//!   ASCII letters, digits, `-` and `_` (it also names the Cargo package
//!   `exercise-NAME`).
//! * `{{#workbook-progress}}` takes no name: it lists every exercise of the
//!   book, found from the chapters' own `{{#exercise}}` directives, with a
//!   link to each, for the front-end to mark solved or not.
//!
//! Other `{{#…}}` expressions (mdBook's own, other preprocessors') are left
//! alone, except names that look like a mistyped workbook directive
//! (`{{#wb…}}`, `{{#pairs …}}`, `{{#excercise …}}`), which are errors.
//! `\{{#pair x}}` is emitted as the literal text `{{#pair x}}`; since mdBook's
//! `links` preprocessor runs first and strips one backslash from every
//! `\{{#…}}`, chapter sources must write `\\{{#pair x}}`. Directives inside
//! fenced code blocks are expanded too, so escape them there as well.
//!
//! # Emitted HTML
//!
//! Every widget is one raw-HTML block with no blank line inside and a blank
//! line on each side, so CommonMark passes it through untouched. Text is
//! HTML-escaped (`&`, `<`, `>`, `"`, `'`) and line breaks inside text are
//! written as `&#10;` (`&#13;` for CR), because a blank line would end the
//! HTML block and hand the rest of the code to the markdown parser. mdBook
//! 0.5 re-parses and re-serializes raw HTML, so the built page contains the
//! decoded newlines and its own escaping; read text through the DOM
//! (`textContent`), never by matching the page source.
//!
//! A pair (`blocking-the-loop/sleep` is the pair folder relative to `src/`;
//! the `data-wb-id` of a snippet is its file path relative to `src/` without
//! `.py`):
//!
//! ```html
//! <div class="wb-pair" data-wb-pair="blocking-the-loop/sleep">
//! <div class="wb-snippet" data-wb-role="wrong" data-wb-id="blocking-the-loop/sleep/wrong" data-wb-file="wrong.py">
//! <div class="wb-label">✗ Wrong</div>
//! <pre class="wb-source"><code class="language-python">SOURCE</code></pre>
//! <div class="wb-expected"><div class="wb-expected-label">Output</div><pre class="wb-stdout">STDOUT</pre><pre class="wb-stderr">STDERR</pre></div>
//! </div>
//! <div class="wb-snippet" data-wb-role="correct" data-wb-id="blocking-the-loop/sleep/correct" data-wb-file="correct.py">
//! <div class="wb-label">✓ Correct</div>
//! …same shape…
//! </div>
//! </div>
//! ```
//!
//! A pair whose folder also holds `needs-real-threads.txt` needs OS threads
//! that talk to the loop. Its outputs were produced by CPython with real
//! threads, and the file says in one sentence why the sandbox cannot run it.
//! The outer div then carries `data-wb-needs="real-threads"`, its first child
//! is `<p class="wb-real-threads">` with that sentence, and each output label
//! reads "Output (CPython 3.11, real threads)".
//!
//! `pre.wb-stderr` is present only when the `.stderr` file exists and is not
//! empty; `pre.wb-stdout` is always present, possibly empty. Only the `code`
//! element carries a `language-` class, so highlight.js colours the source
//! and leaves the outputs alone. mdBook's theme may insert a `div.buttons`
//! (copy button) as the first child of `pre.wb-source`, so read the source
//! from `pre.wb-source > code`.
//!
//! An exercise emits a title paragraph, the prompt as ordinary markdown
//! (mdBook renders it), the widget, and, when `rust/` exists, a markdown
//! section for the Rust version:
//!
//! ````html
//! <p class="wb-exercise-title" id="wb-exercise-NAME" data-wb-exercise="NAME"><strong>Exercise:</strong> TITLE</p>
//!
//! PROMPT (markdown)
//!
//! <div class="wb-exercise" data-wb-exercise="NAME" data-wb-title="TITLE">
//! <pre class="wb-source" data-wb-part="starter"><code class="language-python">STARTER</code></pre>
//! <script type="application/json" class="wb-checks">"checks.py as a JSON string"</script>
//! <script type="application/json" class="wb-solution">"solution.py as a JSON string"</script>
//! <template class="wb-hints"><p class="wb-hint">HINT 1</p><p class="wb-hint">HINT 2</p></template>
//! </div>
//!
//! In Rust:
//!
//! ```rust,noplayground
//! STARTER.RS
//! ```
//!
//! Check your Rust solution with `cargo run -p exercise-NAME --example check-NAME`.
//! ````
//!
//! The checks and the solution are JSON string literals with `<`, `>` and
//! `&` written as `\u003c`, `\u003e`, `\u0026`, so no source text can close
//! the `script` element; read them with `JSON.parse(el.textContent)`. The
//! hints `template` is always present (empty when there are none); read
//! them from `template.content`. The Rust fence is longer than any backtick
//! run in the starter, and starter lines that mdBook would hide (`# …`, `#`)
//! get their hash doubled so they show as written. mdBook applies
//! `output.html.code.hidelines` to raw `code` elements too, so leave it
//! unset for `python`.
//!
//! `{{#workbook-progress}}` emits a table of every chapter that has an
//! `{{#exercise}}`, in reading order, with one row per exercise in the order
//! they appear. Links are relative to the page the table is on; the
//! chapter's label is mdBook's section number (when it has one) and its
//! title; the status cell holds `—` until the front-end fills it in:
//!
//! ```html
//! <div class="wb-progress" data-wb-total="EXERCISE COUNT">
//! <p class="wb-progress-summary">…</p>
//! <table class="wb-progress-table">
//! <thead><tr><th scope="col">Chapter</th><th scope="col">Exercise</th><th scope="col">Status</th></tr></thead>
//! <tbody>
//! <tr data-wb-exercise="NAME"><th scope="rowgroup" rowspan="EXERCISES IN CHAPTER"><a href="CHAPTER.html">7. CHAPTER TITLE</a></th><td><a href="CHAPTER.html#wb-exercise-NAME">TITLE</a></td><td class="wb-progress-status">—</td></tr>
//! <tr data-wb-exercise="NAME2"><td>…</td><td class="wb-progress-status">—</td></tr>
//! </tbody>
//! …one tbody per chapter…
//! </table>
//! </div>
//! ```
//!
//! In a book without exercises the div holds only a `p.wb-progress-summary`
//! saying so, and `data-wb-total` is `0`.
//!
//! # `book.toml`
//!
//! ```toml
//! [preprocessor.workbook]
//! command = "cargo run --quiet --locked -p mdbook-workbook --"
//! after = ["links"]
//! renderers = ["html"]
//! ```
//!
//! `renderers` matters: without it mdBook first asks `supports html`, and
//! takes any failure of that command (a compile error under `cargo run`)
//! as "not supported", silently building the book with the directives
//! left as text.
//!
//! # Errors
//!
//! [`expand_book`] reports every problem in the book at once (chapter file,
//! line, directive, offending file, and how to fix it) and never panics.

mod directive;
mod error;
mod exercise;
mod exercise_config;
mod expand;
mod html;
mod layout;
mod pair;
mod progress;
mod read;

pub use error::{
    BookError, ChapterError, ConfigError, ConfigProblem, DirectiveError, FileError, FileProblem,
    Problem,
};
pub use expand::{expand_book, expand_chapter};
pub use layout::Layout;
pub use read::MAX_FILE_BYTES;

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;

/// Only the HTML renderer runs the widgets; other renderers would show
/// markup they cannot use.
pub fn supports_renderer(renderer: &str) -> bool {
    renderer == "html"
}

/// Expands the book mdBook handed over, using the book root and `src`
/// folder from its context.
pub fn run(ctx: &PreprocessorContext, book: Book) -> Result<Book, BookError> {
    let layout = Layout::new(ctx.root.clone(), ctx.config.book.src.clone());
    expand_book(&layout, book)
}
