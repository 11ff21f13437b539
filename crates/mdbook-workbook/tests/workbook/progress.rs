//! `{{#workbook-progress}}`: the table of every exercise, built from the
//! book's own chapters.

use std::fs;
use std::path::{Path, PathBuf};

use mdbook_preprocessor::book::{Book, BookItem, Chapter, SectionNumber};
use mdbook_workbook::{expand_book, expand_chapter};

use crate::support::{assert_reported, between, fixture, layout, scratch_copy};

const PROGRESS_PAGE: &str = "reader/progress.md";

fn chapter(root: &Path, name: &str, path: &str, number: Option<u32>) -> Chapter {
    let content = fs::read_to_string(root.join("src").join(path)).expect("chapter");
    let mut chapter = Chapter::new(name, content, path, vec![]);
    chapter.number = number.map(|n| SectionNumber::new(vec![n]));
    chapter
}

/// The valid fixture as mdBook would hand it over: a prefix chapter, two
/// numbered ones and the progress page.
fn fixture_book(root: &Path) -> Vec<Chapter> {
    vec![
        chapter(root, "Hello", "hello.md", None),
        chapter(
            root,
            "Blocking the loop",
            "blocking-the-loop/index.md",
            Some(1),
        ),
        chapter(root, "Threads", "threads/index.md", Some(2)),
        chapter(root, "Your progress", PROGRESS_PAGE, Some(3)),
    ]
}

/// The expanded progress page of a book made of `chapters`.
fn progress_table(root: &Path, chapters: Vec<Chapter>) -> String {
    let items = chapters.into_iter().map(BookItem::Chapter).collect();
    let book = expand_book(&layout(root), Book::new_with_items(items)).expect("book expands");
    let page = book
        .chapters()
        .find(|c| c.path.as_deref() == Some(Path::new(PROGRESS_PAGE)))
        .expect("progress page");
    let start = "<div class=\"wb-progress\"";
    let body = between(&page.content, start, "</div>").expect("progress block");
    format!("{start}{body}</div>")
}

#[test]
fn lists_each_chapter_with_exercises_linked_from_the_table_page() {
    let root = fixture("valid");
    let table = progress_table(&root, fixture_book(&root));
    assert!(
        table.starts_with("<div class=\"wb-progress\" data-wb-total=\"2\">\n"),
        "{table}"
    );
    // The page is one folder down, so every link climbs out of it first.
    let expected = concat!(
        "<tbody>\n",
        "<tr data-wb-exercise=\"blocking-sleep\">",
        "<th scope=\"rowgroup\" rowspan=\"2\"><a href=\"../blocking-the-loop/index.html\">1. Blocking the loop</a></th>",
        "<td><a href=\"../blocking-the-loop/index.html#wb-exercise-blocking-sleep\">",
        "Sleep without &quot;blocking&quot; &amp; stalling</a></td>",
        "<td class=\"wb-progress-status\">—</td></tr>\n",
        "<tr data-wb-exercise=\"python-only\">",
        "<td><a href=\"../blocking-the-loop/index.html#wb-exercise-python-only\">Python only</a></td>",
        "<td class=\"wb-progress-status\">—</td></tr>\n",
        "</tbody>\n",
    );
    assert!(table.contains(expected), "{table}");
    // Chapters without an exercise are not listed.
    assert_eq!(table.matches("<tbody>").count(), 1, "{table}");
    assert!(!table.contains("hello.html") && !table.contains("threads/"));
    assert!(!table.contains("\n\n"), "blank line inside:\n{table}");
}

#[test]
fn a_new_exercise_appears_without_touching_the_progress_page() {
    let root = scratch_copy("valid", "progress-new-exercise");
    let copy = |from: &Path, to: &Path| {
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(from, to).expect("copy");
    };
    for file in [
        "python/starter.py",
        "python/checks.py",
        "python/solution.py",
    ] {
        copy(
            &root.join("exercises/python-only").join(file),
            &root.join("exercises/late-addition").join(file),
        );
    }
    fs::write(
        root.join("exercises/late-addition/exercise.toml"),
        "title = \"Added <later>\"\nprompt = \"\"\nhints = []\n",
    )
    .expect("write exercise.toml");
    let threads = root.join("src/threads/index.md");
    let mut content = fs::read_to_string(&threads).expect("chapter");
    content.push_str("\n{{#exercise late-addition}}\n");
    fs::write(&threads, content).expect("write chapter");

    let table = progress_table(&root, fixture_book(&root));
    assert!(table.contains("data-wb-total=\"3\""), "{table}");
    assert!(
        table.contains(concat!(
            "<tbody>\n<tr data-wb-exercise=\"late-addition\">",
            "<th scope=\"rowgroup\" rowspan=\"1\"><a href=\"../threads/index.html\">2. Threads</a></th>",
            "<td><a href=\"../threads/index.html#wb-exercise-late-addition\">Added &lt;later&gt;</a></td>",
        )),
        "{table}"
    );
    // Reading order: the new chapter's row comes after the older ones.
    let blocking = table.find("blocking-sleep").expect("old row");
    let late = table.find("late-addition").expect("new row");
    assert!(blocking < late);
}

#[test]
fn a_readme_chapter_is_linked_by_its_rendered_name() {
    let root = fixture("valid");
    let mut chapters = fixture_book(&root);
    // mdBook renders README.md as index.html and says so in `path`.
    chapters[1].source_path = Some(PathBuf::from("blocking-the-loop/README.md"));
    let table = progress_table(&root, chapters);
    assert!(
        table.contains("href=\"../blocking-the-loop/index.html\""),
        "{table}"
    );
    assert!(!table.contains("README"), "{table}");
}

#[test]
fn a_top_level_page_links_without_climbing_and_drafts_are_skipped() {
    let root = fixture("valid");
    let chapters = fixture_book(&root);
    let mut draft = Chapter::new_draft("Draft", vec![]);
    draft.content = "{{#exercise python-only}}\n".into();
    let content = "{{#workbook-progress}}\n".to_string();
    let top = Chapter::new("Top", content, "progress.md", vec![]);
    let items = chapters
        .into_iter()
        .chain([draft, top])
        .map(BookItem::Chapter)
        .collect();
    let book = expand_book(&layout(&root), Book::new_with_items(items)).expect("book expands");
    let top = book
        .chapters()
        .find(|c| c.path.as_deref() == Some(Path::new("progress.md")))
        .expect("top-level page");
    assert!(
        top.content.contains("data-wb-total=\"2\""),
        "{}",
        top.content
    );
    assert!(
        top.content
            .contains("<a href=\"blocking-the-loop/index.html#wb-exercise-python-only\">")
    );
    assert!(!top.content.contains("../"));
}

#[test]
fn a_book_without_exercises_says_so() {
    let root = fixture("valid");
    let chapters = vec![
        chapter(&root, "Hello", "hello.md", None),
        chapter(&root, "Your progress", PROGRESS_PAGE, Some(1)),
    ];
    let table = progress_table(&root, chapters);
    assert_eq!(
        table,
        "<div class=\"wb-progress\" data-wb-total=\"0\">\n\
         <p class=\"wb-progress-summary\">This book has no exercises yet.</p>\n</div>"
    );
}

#[test]
fn a_chapter_expanded_alone_lists_its_own_exercises() {
    let root = fixture("valid");
    let content = "{{#exercise python-only}}\n\n{{#workbook-progress}}\n";
    let markdown = expand_chapter(&layout(&root), Path::new("solo.md"), content)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    assert!(markdown.contains("data-wb-total=\"1\""), "{markdown}");
    assert!(markdown.contains("<a href=\"solo.html#wb-exercise-python-only\">Python only</a>"));
}

#[test]
fn misused_progress_directives_say_how_to_write_it() {
    let root = fixture("valid");
    let content = "{{#workbook-progress all}}\n{{#workbook-progres}}\n{{#workbook-progress\n";
    let messages: Vec<String> = expand_chapter(&layout(&root), Path::new("p.md"), content)
        .expect_err("three mistakes")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_reported(
        &messages,
        &[
            "src/p.md:1: in `{{#workbook-progress all}}`",
            "takes no arguments, but `all` follows it",
            "fix: write `{{#workbook-progress}}` alone",
        ],
    );
    assert_reported(
        &messages,
        &[
            "src/p.md:2: ",
            "`{{#workbook-progres}}` is not a workbook directive",
            "did you mean `{{#workbook-progress}}`?",
        ],
    );
    assert_reported(
        &messages,
        &[
            "src/p.md:3: ",
            "is not closed",
            "on one line: `{{#workbook-progress}}`",
        ],
    );
    assert_eq!(messages.len(), 3, "{messages:#?}");
}
