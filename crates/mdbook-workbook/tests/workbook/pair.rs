//! `{{#pair}}` on the valid fixture book.

use std::fs;
use std::path::PathBuf;

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_workbook::expand_book;

use crate::support::{between, expand_ok, fixture, layout, unescape};

#[test]
fn top_level_pair_matches_the_contract_exactly() {
    let expected = concat!(
        "# Hello\n",
        "\n",
        "A pair next to a top-level chapter:\n",
        "\n",
        "<div class=\"wb-pair\" data-wb-pair=\"hello\">\n",
        "<div class=\"wb-snippet\" data-wb-role=\"wrong\" data-wb-id=\"hello/wrong\" data-wb-file=\"wrong.py\">\n",
        "<div class=\"wb-label\">✗ Wrong</div>\n",
        "<pre class=\"wb-source\"><code class=\"language-python\">print(&quot;hi&quot;)&#10;</code></pre>\n",
        "<div class=\"wb-expected\"><div class=\"wb-expected-label\">Output</div><pre class=\"wb-stdout\">hi&#10;</pre></div>\n",
        "</div>\n",
        "<div class=\"wb-snippet\" data-wb-role=\"correct\" data-wb-id=\"hello/correct\" data-wb-file=\"correct.py\">\n",
        "<div class=\"wb-label\">✓ Correct</div>\n",
        "<pre class=\"wb-source\"><code class=\"language-python\">print()&#10;print(&quot;hi&quot;)&#10;</code></pre>\n",
        // The output starts with an empty line, which a parser would drop
        // right after <pre>; the extra &#10; is there to be dropped instead.
        "<div class=\"wb-expected\"><div class=\"wb-expected-label\">Output</div><pre class=\"wb-stdout\">&#10;&#10;hi&#10;</pre></div>\n",
        "</div>\n",
        "</div>\n",
        "\n",
        "After the pair.\n",
    );
    assert_eq!(expand_ok(&fixture("valid"), "hello.md"), expected);
}

fn sleep_chapter() -> String {
    expand_ok(&fixture("valid"), "blocking-the-loop/index.md")
}

fn snippet<'a>(markdown: &'a str, role: &str) -> &'a str {
    let start = format!("data-wb-role=\"{role}\"");
    between(markdown, &start, "\n</div>\n").expect("snippet present")
}

#[test]
fn pair_in_a_subfolder_is_identified_relative_to_src() {
    let markdown = sleep_chapter();
    assert!(markdown.contains("<div class=\"wb-pair\" data-wb-pair=\"blocking-the-loop/sleep\">"));
    assert!(markdown.contains(
        "data-wb-role=\"wrong\" data-wb-id=\"blocking-the-loop/sleep/wrong\" data-wb-file=\"wrong.py\""
    ));
    assert!(markdown.contains(
        "data-wb-role=\"correct\" data-wb-id=\"blocking-the-loop/sleep/correct\" data-wb-file=\"correct.py\""
    ));
}

#[test]
fn sources_and_outputs_round_trip_through_the_escaping() {
    let markdown = sleep_chapter();
    let dir = fixture("valid").join("src/blocking-the-loop/sleep");
    let read = |file: &str| fs::read_to_string(dir.join(file)).expect("fixture file");

    let wrong = snippet(&markdown, "wrong");
    let source = between(wrong, "<code class=\"language-python\">", "</code>").expect("source");
    assert_eq!(unescape(source), read("wrong.py"));
    let stdout = between(wrong, "<pre class=\"wb-stdout\">", "</pre>").expect("stdout");
    assert_eq!(unescape(stdout), read("wrong.stdout"));
    let stderr = between(wrong, "<pre class=\"wb-stderr\">", "</pre>").expect("stderr");
    assert_eq!(unescape(stderr), read("wrong.stderr"));

    for markup in ["<", ">", "\""] {
        assert!(!source.contains(markup), "unescaped {markup} in {source}");
    }
    assert!(source.contains("&lt;/code&gt;&lt;/pre&gt; &lt;!-- not markup --&gt;"));
    assert!(source.contains("&amp; done_"));
    assert!(source.contains("&#39;*&#39;"));
}

#[test]
fn widget_has_no_line_break_inside_text_and_no_blank_line() {
    let markdown = sleep_chapter();
    let widget =
        between(&markdown, "<div class=\"wb-pair\"", "\n</div>\n</div>\n").expect("widget");
    assert!(
        !widget.contains("\n\n"),
        "blank line inside the widget:\n{widget}"
    );
    // Every line of the widget is markup we wrote, never a line of code.
    for line in widget.lines().skip(1) {
        assert!(
            line.starts_with('<'),
            "line does not start with a tag: {line}"
        );
    }
    // And the block is set off by blank lines on both sides.
    assert!(markdown.contains("\n\n<div class=\"wb-pair\""));
    assert!(markdown.contains("</div>\n</div>\n\n"));
}

#[test]
fn stderr_element_only_when_stderr_has_text() {
    let markdown = sleep_chapter();
    assert!(snippet(&markdown, "wrong").contains("<pre class=\"wb-stderr\">Executing &lt;Task"));
    assert!(!snippet(&markdown, "correct").contains("wb-stderr"));

    // hello/wrong.stderr exists but is empty: same as absent.
    let hello = expand_ok(&fixture("valid"), "hello.md");
    assert!(!hello.contains("wb-stderr"));
}

#[test]
fn other_expressions_are_left_for_mdbook_and_escapes_lose_a_backslash() {
    let markdown = sleep_chapter();
    assert!(markdown.contains("{{#include note.md}}"));
    // The chapter has `\\{{#pair NAME}}`; mdBook's links preprocessor takes
    // one backslash in a real build, this preprocessor the other.
    assert!(markdown.contains("escape it: \\{{#pair NAME}}."));
}

#[test]
fn expand_book_covers_nested_chapters_and_skips_drafts() {
    let root = fixture("valid");
    let read = |chapter: &str| fs::read_to_string(root.join("src").join(chapter)).expect("chapter");
    let mut parent = Chapter::new("Hello", read("hello.md"), "hello.md", vec![]);
    let nested = Chapter::new(
        "Blocking",
        read("blocking-the-loop/index.md"),
        "blocking-the-loop/index.md",
        vec!["Hello".into()],
    );
    parent.sub_items.push(BookItem::Chapter(nested));
    // A draft has no file, so nothing to resolve names against.
    let mut draft = Chapter::new_draft("Draft", vec![]);
    draft.content = "{{#pair nowhere}}\n".into();
    let book = Book::new_with_items(vec![
        BookItem::Chapter(parent),
        BookItem::Separator,
        BookItem::Chapter(draft),
    ]);

    let book = expand_book(&layout(&root), book).expect("valid book expands");
    let contents: Vec<(Option<PathBuf>, String)> = book
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => Some((chapter.path.clone(), chapter.content.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(contents.len(), 3);
    assert!(contents[0].1.contains("data-wb-pair=\"hello\""));
    assert!(
        contents[1]
            .1
            .contains("data-wb-pair=\"blocking-the-loop/sleep\"")
    );
    assert_eq!(contents[2], (None, "{{#pair nowhere}}\n".to_string()));
}

#[test]
fn readme_chapters_resolve_pairs_from_their_source_path() {
    let root = fixture("valid");
    let content = fs::read_to_string(root.join("src/hello.md")).expect("chapter");
    // mdBook renames README.md to index.md in `path`; the file on disk is
    // `source_path`, and only that one locates the pair folder.
    let mut chapter = Chapter::new("Hello", content, "elsewhere/index.md", vec![]);
    chapter.source_path = Some(PathBuf::from("hello.md"));
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
    let book = expand_book(&layout(&root), book).expect("expands via source_path");
    assert!(
        book.chapters()
            .any(|c| c.content.contains("data-wb-pair=\"hello\""))
    );
}

#[test]
fn a_pair_that_needs_real_threads_says_why_and_whose_output_it_shows() {
    let markdown = expand_ok(&fixture("valid"), "threads/index.md");
    assert!(markdown.contains(
        "<div class=\"wb-pair\" data-wb-pair=\"threads/handoff\" data-wb-needs=\"real-threads\">\n\
         <p class=\"wb-real-threads\"><strong>Needs real threads.</strong> A worker thread waits for the loop&#39;s answer. "
    ), "{markdown}");
    assert_eq!(
        markdown
            .matches("<div class=\"wb-expected-label\">Output (CPython 3.11, real threads)</div>")
            .count(),
        2,
        "{markdown}"
    );
}

#[test]
fn an_ordinary_pair_has_no_real_threads_note() {
    let markdown = sleep_chapter();
    assert!(!markdown.contains("wb-real-threads"));
    assert!(!markdown.contains("data-wb-needs"));
}
