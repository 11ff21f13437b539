//! Locating fixtures, expanding their chapters, and scratch copies for the
//! tests that need a broken file no one should commit.

use std::fs;
use std::path::{Path, PathBuf};

use mdbook_workbook::{ChapterError, Layout, expand_chapter};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn layout(root: &Path) -> Layout {
    Layout::new(root.to_path_buf(), PathBuf::from("src"))
}

/// Expands `src/<chapter>` of the book at `root`.
pub fn expand(root: &Path, chapter: &str) -> Result<String, Vec<ChapterError>> {
    let content = fs::read_to_string(root.join("src").join(chapter))
        .unwrap_or_else(|err| panic!("fixture chapter {chapter}: {err}"));
    expand_chapter(&layout(root), Path::new(chapter), &content)
}

pub fn expand_ok(root: &Path, chapter: &str) -> String {
    match expand(root, chapter) {
        Ok(markdown) => markdown,
        Err(errors) => panic!("{chapter} should expand, got:\n{}", render(&errors)),
    }
}

/// The messages of a chapter that must fail, one string per problem.
pub fn expand_errors(root: &Path, chapter: &str) -> Vec<String> {
    match expand(root, chapter) {
        Ok(markdown) => panic!("{chapter} should fail, but expanded to:\n{markdown}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn render(errors: &[ChapterError]) -> String {
    errors.iter().map(|err| format!("{err}\n")).collect()
}

/// A fresh copy of a fixture under the target directory, for tests that
/// damage files or build into it.
pub fn scratch_copy(fixture_name: &str, label: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("mdbook-workbook")
        .join(label);
    if target.exists() {
        fs::remove_dir_all(&target).expect("clear old scratch copy");
    }
    copy_dir(&fixture(fixture_name), &target);
    target
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create scratch dir");
    for entry in fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("fixture dir entry");
        let destination = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &destination);
        } else {
            fs::copy(entry.path(), &destination).expect("copy fixture file");
        }
    }
}

/// Asserts that one of `messages` mentions every one of `needles`.
#[track_caller]
pub fn assert_reported(messages: &[String], needles: &[&str]) {
    let found = messages
        .iter()
        .any(|message| needles.iter().all(|needle| message.contains(needle)));
    assert!(
        found,
        "no message contains all of {needles:?}; messages:\n{}",
        messages.join("\n")
    );
}

/// Undoes the HTML escaping a widget applies, to compare with the source.
pub fn unescape(html: &str) -> String {
    html.replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text between `start` and the next `end` after it.
pub fn between<'a>(haystack: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = haystack.find(start)? + start.len();
    let len = haystack[from..].find(end)?;
    Some(&haystack[from..from + len])
}
