//! Every way a book can be wrong: each must fail with a message naming the
//! chapter, the offending file and the fix.

use std::fs;
use std::path::Path;

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_workbook::{MAX_FILE_BYTES, expand_book};

use crate::support::{assert_reported, expand_errors, fixture, layout, scratch_copy};

fn broken(chapter: &str) -> Vec<String> {
    expand_errors(&fixture("broken"), chapter)
}

#[test]
fn malformed_directives() {
    let messages = broken("directives.md");
    let at = |line: usize| format!("src/directives.md:{line}: ");
    assert_reported(
        &messages,
        &[
            &at(3),
            "`{{#pair}}` has no name",
            "fix: write `{{#pair NAME}}`",
        ],
    );
    assert_reported(
        &messages,
        &[&at(4), "`{{#exercise}}` has no name", "exercises/NAME/"],
    );
    assert_reported(
        &messages,
        &[
            &at(5),
            "`{{#pairs}}` is not a workbook directive",
            "did you mean `{{#pair NAME}}`?",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(6),
            "`{{#wb-exercise}}`",
            "did you mean `{{#exercise NAME}}`?",
        ],
    );
    assert_reported(
        &messages,
        &[&at(7), "takes exactly one name, but `extra` follows it"],
    );
    assert_reported(
        &messages,
        &[
            &at(8),
            "`../outside` is not a valid pair name",
            "no `.`, `..`",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(9),
            "shares its line with other text",
            "a line of its own",
        ],
    );
    assert_reported(
        &messages,
        &[&at(10), "is not closed with `}}` on the same line"],
    );
    // Line 12 holds only other people's expressions and an escape.
    assert_eq!(messages.len(), 8, "{messages:#?}");
}

#[test]
fn missing_pair_folder_and_files() {
    let messages = broken("pairs/index.md");
    assert_reported(
        &messages,
        &[
            "src/pairs/index.md:3: in `{{#pair nowhere}}`",
            "there is no folder `src/pairs/nowhere/`",
            "next to its chapter file",
        ],
    );
    assert_reported(
        &messages,
        &[
            "src/pairs/index.md:5: in `{{#pair half}}`",
            "missing file `src/pairs/half/correct.py`",
            "holds wrong.py and correct.py",
        ],
    );
    assert_reported(
        &messages,
        &[
            "src/pairs/index.md:5",
            "missing file `src/pairs/half/correct.stdout`",
            "an empty file if it prints nothing",
        ],
    );
    assert_eq!(messages.len(), 3, "{messages:#?}");
}

#[test]
fn broken_exercises() {
    let messages = broken("exercises.md");
    let at =
        |line: usize, name: &str| format!("src/exercises.md:{line}: in `{{{{#exercise {name}}}}}`");
    assert_reported(
        &messages,
        &[&at(3, "nowhere"), "there is no folder `exercises/nowhere/`"],
    );
    assert_reported(
        &messages,
        &[
            &at(4, "no-toml"),
            "missing file `exercises/no-toml/exercise.toml`",
            "hints = [",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(5, "bad-syntax"),
            "`exercises/bad-syntax/exercise.toml` is not valid TOML",
            "line 1",
            "fix: correct the syntax",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(6, "missing-title"),
            "`exercises/missing-title/exercise.toml` has no `title` key",
            "fix: add title = ",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(7, "wrong-type"),
            "`hints` must be an array of strings, but it is a string",
            "hints = []",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(8, "hint-type"),
            "hints[1] must be a string, but it is an integer",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(9, "unknown-key"),
            "has an unknown key `hint`",
            "the known keys are `title`, `prompt` and `hints`",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(10, "missing-python"),
            "missing file `exercises/missing-python/python/checks.py`",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(10, "missing-python"),
            "missing file `exercises/missing-python/python/solution.py`",
        ],
    );
    assert_reported(
        &messages,
        &[
            &at(11, "rust-incomplete"),
            "missing file `exercises/rust-incomplete/rust/src/solution.rs`",
            "remove rust/",
        ],
    );
    assert_eq!(messages.len(), 10, "{messages:#?}");
}

#[test]
fn whole_book_reports_every_problem_in_reading_order() {
    let root = fixture("broken");
    let chapter = |name: &str, path: &str| {
        let content = fs::read_to_string(root.join("src").join(path)).expect("chapter");
        BookItem::Chapter(Chapter::new(name, content, path, vec![]))
    };
    let book = Book::new_with_items(vec![
        chapter("Directives", "directives.md"),
        chapter("Pairs", "pairs/index.md"),
        chapter("Exercises", "exercises.md"),
    ]);
    let error = expand_book(&layout(&root), book).expect_err("broken book fails");
    assert_eq!(error.errors().len(), 21);
    let chapters: Vec<&Path> = error.errors().iter().map(|e| e.chapter.as_path()).collect();
    assert!(chapters.is_sorted_by_key(|path| match path.to_str() {
        Some("src/directives.md") => 0,
        Some("src/pairs/index.md") => 1,
        _ => 2,
    }));
    let text = error.to_string();
    assert!(text.starts_with("error: src/directives.md:3: "), "{text}");
    assert!(text.ends_with("21 problems in the book"), "{text}");
}

/// A copy of the valid book with one file replaced by `damage`.
fn damaged(label: &str, file: &str, damage: impl FnOnce(&Path)) -> Vec<String> {
    let root = scratch_copy("valid", label);
    let path = root.join(file);
    if path.is_dir() {
        fs::remove_dir_all(&path).expect("remove");
    } else if path.exists() {
        fs::remove_file(&path).expect("remove");
    }
    damage(&path);
    expand_errors(&root, "blocking-the-loop/index.md")
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let messages = damaged("not-utf8", "src/blocking-the-loop/sleep/wrong.py", |path| {
        fs::write(path, b"print('ok')\nprint('\xff\xfe')\n").expect("write");
    });
    assert_reported(
        &messages,
        &[
            "src/blocking-the-loop/index.md:5: in `{{#pair sleep}}`",
            "`src/blocking-the-loop/sleep/wrong.py` is not valid UTF-8",
            "offset 19, line 2",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn oversized_file_is_rejected_before_it_reaches_the_page() {
    let messages = damaged(
        "too-large",
        "src/blocking-the-loop/sleep/correct.stdout",
        |path| {
            let size = usize::try_from(MAX_FILE_BYTES).expect("fits") + 1;
            fs::write(path, vec![b'x'; size]).expect("write");
        },
    );
    assert_reported(
        &messages,
        &[
            "`src/blocking-the-loop/sleep/correct.stdout` is 1048577 bytes",
            "over the 1048576-byte (1 MiB) limit",
        ],
    );
}

#[test]
fn a_folder_where_a_file_belongs() {
    let messages = damaged(
        "folder-for-stderr",
        "src/blocking-the-loop/sleep/wrong.stderr",
        |path| {
            fs::create_dir(path).expect("mkdir");
        },
    );
    assert_reported(
        &messages,
        &["`src/blocking-the-loop/sleep/wrong.stderr` is a folder"],
    );

    let messages = damaged(
        "folder-for-checks",
        "exercises/blocking-sleep/python/checks.py",
        |path| {
            fs::create_dir(path).expect("mkdir");
        },
    );
    assert_reported(
        &messages,
        &[
            "src/blocking-the-loop/index.md:9: in `{{#exercise blocking-sleep}}`",
            "`exercises/blocking-sleep/python/checks.py` is a folder",
        ],
    );
}

#[test]
fn missing_generated_stdout_says_how_to_make_it() {
    let messages = damaged(
        "no-stdout",
        "src/blocking-the-loop/sleep/wrong.stdout",
        |_| {},
    );
    assert_reported(
        &messages,
        &[
            "missing file `src/blocking-the-loop/sleep/wrong.stdout`",
            "save what it prints to stdout as this file",
        ],
    );
}
