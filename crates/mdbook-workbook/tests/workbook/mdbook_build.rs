//! A real `mdbook build` of the fixture books through the built binary,
//! checking what reaches the page after mdBook's own markdown and HTML
//! passes.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{between, scratch_copy, unescape};

const MDBOOK_VERSION: &str = "0.5.4";

fn mdbook_build(root: &Path) -> Output {
    let version = Command::new("mdbook").arg("--version").output();
    let version = match version {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).into_owned()
        }
        _ => panic!(
            "`mdbook` is not on PATH; install it with \
             `cargo install mdbook --version {MDBOOK_VERSION} --locked`"
        ),
    };
    assert!(
        version.contains(MDBOOK_VERSION),
        "found {} but the book is built with mdbook {MDBOOK_VERSION}; install it with \
         `cargo install mdbook --version {MDBOOK_VERSION} --locked`",
        version.trim()
    );
    // The fixture's book.toml runs the preprocessor through cargo, as a
    // fresh clone would; here the binary under test is already built.
    let binary = env!("CARGO_BIN_EXE_mdbook-workbook");
    Command::new("mdbook")
        .arg("build")
        .arg(root)
        .env(
            "MDBOOK_PREPROCESSOR__WORKBOOK__COMMAND",
            format!("'{binary}'"),
        )
        .output()
        .expect("run mdbook")
}

fn built_page(label: &str, page: &str) -> (String, std::path::PathBuf) {
    let root = scratch_copy("valid", label);
    let output = mdbook_build(&root);
    assert!(
        output.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = fs::read_to_string(root.join("book").join(page)).expect("built page");
    (html, root)
}

/// The text of every `pre.wb-source > code`, as the browser will see it.
fn sources(html: &str) -> Vec<String> {
    let open = "<code class=\"language-python\">";
    html.split("<pre class=\"wb-source\"")
        .skip(1)
        .map(|rest| unescape(between(rest, open, "</code>").expect("code inside pre.wb-source")))
        .collect()
}

#[test]
fn built_page_shows_every_snippet_verbatim() {
    let (html, root) = built_page("build-valid", "blocking-the-loop/index.html");
    let read = |path: &str| fs::read_to_string(root.join(path)).expect("fixture file");
    let wrong = read("src/blocking-the-loop/sleep/wrong.py");
    assert!(
        wrong.contains("\n\n\n    # two blank lines"),
        "fixture lost its blank lines"
    );

    assert_eq!(
        sources(&html),
        [
            wrong,
            read("src/blocking-the-loop/sleep/correct.py"),
            read("exercises/blocking-sleep/python/starter.py"),
            read("exercises/python-only/python/starter.py"),
        ]
    );
    // Still text, not markup: nothing in the code became a tag, a heading,
    // emphasis or a paragraph.
    assert!(html.contains("&lt;/code&gt;&lt;/pre&gt; &lt;!-- not markup --&gt;"));
    assert!(html.contains("\n\n    for i in range(2):\n        time.sleep(delay)  # blocks *every* task, not just __this__ one"));
    assert!(html.contains("\n# {{#include secrets.txt}} stays literal"));
    assert!(!html.contains("<em>every</em>"));
    assert!(!html.contains("<strong>this</strong>"));
}

#[test]
fn built_page_keeps_outputs_scripts_hints_and_rust_intact() {
    let (html, _) = built_page("build-parts", "blocking-the-loop/index.html");
    assert_eq!(html.matches("<pre class=\"wb-stderr\">").count(), 1);
    assert!(html.contains("<pre class=\"wb-stderr\">Executing &lt;Task pending"));
    // The blank line in wrong.stdout survives inside its pre.
    assert!(html.contains("done_1\n\nb: tick 0"));

    let checks = between(
        &html,
        "<script type=\"application/json\" class=\"wb-checks\">",
        "</script>",
    )
    .expect("checks script");
    let checks: String = serde_json::from_str(checks).expect("JSON string");
    assert!(checks.contains("\"</script>\" or \"<!--\""));

    assert!(
        html.contains(
            "<p class=\"wb-hint\">asyncio.sleep(d) &lt; time.sleep(d) for concurrency.</p>"
        )
    );
    assert!(html.contains("<p>Replace the <strong>blocking</strong> call"));
    assert!(html.contains("<code class=\"language-rust noplayground\">"));
    assert!(
        html.contains("\n# pub fn hidden_looking() {}\n"),
        "Rust line was hidden"
    );
    assert!(!html.contains("class=\"boring\""));
    assert!(html.contains(
        "<code>cargo run -p exercise-blocking-sleep --example check-blocking-sleep</code>"
    ));
    // `\\{{#pair NAME}}` in the source: links took one backslash, we the other.
    assert!(html.contains("escape it: {{#pair NAME}}."));
    assert!(html.contains("pulled in by mdBook"));
}

#[test]
fn leading_blank_line_of_an_output_survives_the_pre() {
    let (html, _) = built_page("build-hello", "hello.html");
    // Browsers drop the first newline after <pre>; one spare stays in.
    assert!(
        html.contains("<pre class=\"wb-stdout\">\n\nhi\n</pre>"),
        "{html}"
    );
}

#[test]
fn broken_book_fails_the_build_with_our_messages() {
    let root = scratch_copy("broken", "build-broken");
    let output = mdbook_build(&root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "build should fail:\n{stderr}");
    assert!(
        stderr.contains("error: src/directives.md:3: in `{{#pair}}`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing file `src/pairs/half/correct.py`"),
        "{stderr}"
    );
    assert!(stderr.contains("21 problems in the book"), "{stderr}");
    assert!(!root.join("book/index.html").exists());
}

#[test]
fn binary_answers_the_supports_question() {
    let binary = env!("CARGO_BIN_EXE_mdbook-workbook");
    let supports = |renderer: &str| {
        Command::new(binary)
            .args(["supports", renderer])
            .status()
            .expect("run binary")
            .success()
    };
    assert!(supports("html"));
    assert!(!supports("markdown"));
}

#[test]
fn every_progress_link_reaches_its_exercise_title() {
    let (html, root) = built_page("build-progress", "reader/progress.html");
    let table =
        between(&html, "<table class=\"wb-progress-table\">", "</table>").expect("progress table");
    let hrefs: Vec<&str> = table
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').expect("closing quote")])
        .collect();
    assert_eq!(
        hrefs,
        [
            "../blocking-the-loop/index.html",
            "../blocking-the-loop/index.html#wb-exercise-blocking-sleep",
            "../blocking-the-loop/index.html#wb-exercise-python-only",
        ]
    );
    for href in hrefs {
        let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
        let target = root.join("book/reader").join(file);
        let page = fs::read_to_string(&target)
            .unwrap_or_else(|err| panic!("{href} leads nowhere ({}): {err}", target.display()));
        if !fragment.is_empty() {
            assert!(
                page.contains(&format!("<p class=\"wb-exercise-title\" id=\"{fragment}\"")),
                "{href}: no exercise title with that id"
            );
        }
    }
    assert_eq!(
        table
            .matches("<td class=\"wb-progress-status\">—</td>")
            .count(),
        2
    );
}
