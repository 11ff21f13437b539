//! `{{#exercise}}` on the valid fixture book.

use std::fs;

use crate::support::{between, expand_ok, fixture, unescape};

fn chapter() -> String {
    expand_ok(&fixture("valid"), "blocking-the-loop/index.md")
}

fn exercise_file(name: &str, file: &str) -> String {
    fs::read_to_string(fixture("valid").join("exercises").join(name).join(file))
        .expect("fixture file")
}

/// The raw-HTML widget of one exercise.
fn widget(markdown: &str, name: &str) -> String {
    let start = format!("<div class=\"wb-exercise\" data-wb-exercise=\"{name}\"");
    let body = between(markdown, &start, "\n</div>").expect("exercise widget");
    format!("{start}{body}\n</div>")
}

#[test]
fn title_and_prompt_come_first_as_markdown() {
    let markdown = chapter();
    let expected = concat!(
        "\n\n<p class=\"wb-exercise-title\" id=\"wb-exercise-blocking-sleep\" data-wb-exercise=\"blocking-sleep\">",
        "<strong>Exercise:</strong> Sleep without &quot;blocking&quot; &amp; stalling</p>\n",
        "\n",
        "Replace the **blocking** call so both tasks tick together.\n",
        "Use `asyncio.sleep`, not `time.sleep`.\n",
        "\n",
        "<div class=\"wb-exercise\" data-wb-exercise=\"blocking-sleep\" ",
        "data-wb-title=\"Sleep without &quot;blocking&quot; &amp; stalling\">\n",
    );
    assert!(markdown.contains(expected), "got:\n{markdown}");
}

#[test]
fn widget_holds_starter_checks_solution_and_hints() {
    let markdown = chapter();
    let widget = widget(&markdown, "blocking-sleep");
    assert!(!widget.contains("\n\n"), "blank line inside:\n{widget}");

    let starter = between(
        &widget,
        "<pre class=\"wb-source\" data-wb-part=\"starter\"><code class=\"language-python\">",
        "</code></pre>",
    )
    .expect("starter");
    assert_eq!(
        unescape(starter),
        exercise_file("blocking-sleep", "python/starter.py")
    );

    for (class, file) in [
        ("wb-checks", "python/checks.py"),
        ("wb-solution", "python/solution.py"),
    ] {
        let open = format!("<script type=\"application/json\" class=\"{class}\">");
        let json = between(&widget, &open, "</script>").expect("script element");
        assert!(
            !json.contains('<'),
            "{class} could close its element: {json}"
        );
        let decoded: String = serde_json::from_str(json).expect("JSON string");
        assert_eq!(decoded, exercise_file("blocking-sleep", file));
    }

    assert!(widget.contains(concat!(
        "<template class=\"wb-hints\">",
        "<p class=\"wb-hint\">Look for calls that never `await`.</p>",
        "<p class=\"wb-hint\">asyncio.sleep(d) &lt; time.sleep(d) for concurrency.</p>",
        "</template>\n</div>",
    )));
}

#[test]
fn rust_part_follows_as_markdown() {
    let markdown = chapter();
    // The starter has ``` in it, so the fence needs four backticks; its
    // `# ` line is doubled so mdBook does not hide it.
    let expected = concat!(
        "</template>\n</div>\n",
        "\n",
        "In Rust:\n",
        "\n",
        "````rust,noplayground\n",
        "//! Starter: replace the blocking sleep.\n",
        "use std::time::Duration;\n",
        "\n",
        "## pub fn hidden_looking() {}\n",
        "pub async fn tick(name: &str) -> String {\n",
        "    std::thread::sleep(Duration::from_millis(10)); // TODO: don't block\n",
        "    let fence = \"```\";\n",
        "    format!(\"<{name}>{fence}\")\n",
        "}\n",
        "````\n",
        "\n",
        "Check your Rust solution with `cargo run -p exercise-blocking-sleep --example check-blocking-sleep`.\n",
    );
    assert!(markdown.contains(expected), "got:\n{markdown}");
}

#[test]
fn python_only_exercise_has_no_prompt_hints_or_rust() {
    let markdown = chapter();
    let expected = concat!(
        "<p class=\"wb-exercise-title\" id=\"wb-exercise-python-only\" data-wb-exercise=\"python-only\">",
        "<strong>Exercise:</strong> Python only</p>\n",
        "\n",
        "<div class=\"wb-exercise\" data-wb-exercise=\"python-only\" data-wb-title=\"Python only\">\n",
        "<pre class=\"wb-source\" data-wb-part=\"starter\"><code class=\"language-python\">x = 1&#10;</code></pre>\n",
        "<script type=\"application/json\" class=\"wb-checks\">\"assert True\\n\"</script>\n",
        "<script type=\"application/json\" class=\"wb-solution\">\"x = 2\\n\"</script>\n",
        "<template class=\"wb-hints\"></template>\n",
        "</div>\n",
        "\n",
    );
    assert!(markdown.contains(expected), "got:\n{markdown}");
    assert_eq!(markdown.matches("In Rust:").count(), 1);
}
