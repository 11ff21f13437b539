//! Every rule links to a section of the book that exists: renaming a
//! heading without updating `rules.rs` breaks this test, not the reader's link.

use std::{fs, path::Path};

use workbook_lint::Rule;

/// The id mdBook gives a heading: lowercase, alphanumerics, `-` and `_`
/// kept, whitespace turned into `-`, everything else (backticks, dots,
/// quotes, colons) dropped.
fn heading_id(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The ids of a chapter's headings, outside fenced code blocks.
fn heading_ids(markdown: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut ids = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if in_fence || hashes == 0 || !line[hashes..].starts_with(' ') {
            continue;
        }
        ids.push(heading_id(line[hashes..].trim()));
    }
    ids
}

#[test]
fn heading_ids_follow_mdbook() {
    assert_eq!(
        heading_id("`asyncio.run` inside a running loop"),
        "asynciorun-inside-a-running-loop"
    );
    assert_eq!(
        heading_id("Clean up, then re-raise"),
        "clean-up-then-re-raise"
    );
    assert_eq!(
        heading_ids("# Title\n```python\n# a comment\n```\n## A forgotten `await`\n"),
        ["title", "a-forgotten-await"]
    );
}

#[test]
fn every_rule_links_to_an_existing_section() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    for rule in Rule::ALL {
        let link = rule.chapter();
        let (page, anchor) = link
            .split_once('#')
            .unwrap_or_else(|| panic!("{}: {link} has no #anchor", rule.id()));
        let chapter = page
            .strip_suffix("/index.html")
            .unwrap_or_else(|| panic!("{}: {link} is not a chapter page", rule.id()));
        let markdown = fs::read_to_string(book.join(chapter).join("index.md"))
            .unwrap_or_else(|error| panic!("{}: src/{chapter}/index.md: {error}", rule.id()));
        let ids = heading_ids(&markdown);
        assert!(
            ids.iter().any(|id| id == anchor),
            "{}: no heading in src/{chapter}/index.md has the id `{anchor}`; its headings: {ids:?}",
            rule.id()
        );
    }
}

#[test]
fn rule_ids_are_unique_and_round_trip() {
    for rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(rule));
    }
    assert_eq!(Rule::from_id("no-such-rule"), None);
}
