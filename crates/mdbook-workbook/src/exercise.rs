//! `{{#exercise NAME}}`: a task with a starter to edit, checks to run
//! against it, hints, a solution, and optionally a Rust version.

use std::path::{Path, PathBuf};

use crate::error::{FileError, Problem};
use crate::exercise_config::ExerciseConfig;
use crate::html;
use crate::layout::Layout;
use crate::read::{is_dir, read_text};

/// Exercises are shared by the book and the Cargo workspace, so they live
/// beside `src/`, not inside it.
const EXERCISES_DIR: &str = "exercises";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exercise {
    name: String,
    config: ExerciseConfig,
    starter: String,
    checks: String,
    solution: String,
    rust_starter: Option<String>,
}

const MISSING_DIR_HELP: &str = "exercises live in `exercises/NAME/` beside book.toml, \
    holding exercise.toml, python/starter.py, python/checks.py and \
    python/solution.py (and optionally rust/); create it, or correct the exercise \
    name in the directive";

const CONFIG_HELP: &str = "create it with `title = \"…\"`, `prompt = \"\"\"…\"\"\"` \
    (markdown) and `hints = [\"…\"]` (may be empty)";

const PYTHON_HELP: &str = "every exercise has python/starter.py (what the reader \
    edits), python/checks.py (run against it) and python/solution.py; create the file";

const RUST_HELP: &str = "an exercise with a rust/ folder needs rust/src/starter.rs \
    and rust/src/solution.rs; create the file, or remove rust/ if there is no Rust \
    version";

pub(crate) fn load(layout: &Layout, name: &str) -> Result<Exercise, Vec<Problem>> {
    let dir = Path::new(EXERCISES_DIR).join(name);
    if !is_dir(layout, &dir) {
        return Err(vec![Problem::MissingDirectory {
            path: dir,
            help: MISSING_DIR_HELP,
        }]);
    }
    let mut problems = Vec::new();
    let file = |relative: &str| -> PathBuf { dir.join(relative) };

    let config_path = file("exercise.toml");
    let config = keep(
        read_text(layout, config_path.clone(), CONFIG_HELP),
        &mut problems,
    )
    .and_then(|text| {
        ExerciseConfig::parse(&config_path, &text)
            .map_err(|err| problems.push(Problem::Config(err)))
            .ok()
    });
    let starter = keep(
        read_text(layout, file("python/starter.py"), PYTHON_HELP),
        &mut problems,
    );
    let checks = keep(
        read_text(layout, file("python/checks.py"), PYTHON_HELP),
        &mut problems,
    );
    let solution = keep(
        read_text(layout, file("python/solution.py"), PYTHON_HELP),
        &mut problems,
    );

    let rust_starter = if is_dir(layout, &file("rust")) {
        let starter = keep(
            read_text(layout, file("rust/src/starter.rs"), RUST_HELP),
            &mut problems,
        );
        // Never shown, but an exercise without one is broken all the same.
        keep(
            read_text(layout, file("rust/src/solution.rs"), RUST_HELP),
            &mut problems,
        );
        starter.map(Some)
    } else {
        Some(None)
    };

    match (config, starter, checks, solution, rust_starter) {
        (Some(config), Some(starter), Some(checks), Some(solution), Some(rust_starter))
            if problems.is_empty() =>
        {
            Ok(Exercise {
                name: name.to_string(),
                config,
                starter,
                checks,
                solution,
                rust_starter,
            })
        }
        _ => Err(problems),
    }
}

/// The exercise's title, for pages that list it; `None` when its
/// `exercise.toml` cannot be used (its own directive reports why).
pub(crate) fn title(layout: &Layout, name: &str) -> Option<String> {
    let path = Path::new(EXERCISES_DIR).join(name).join("exercise.toml");
    let text = read_text(layout, path.clone(), CONFIG_HELP).ok()?;
    ExerciseConfig::parse(&path, &text)
        .ok()
        .map(|config| config.title)
}

/// The `id` of an exercise's title paragraph, which links point at.
pub(crate) fn anchor(name: &str) -> String {
    format!("wb-exercise-{name}")
}

fn keep<T>(result: Result<T, FileError>, problems: &mut Vec<Problem>) -> Option<T> {
    result.map_err(|err| problems.push(Problem::File(err))).ok()
}

/// Markdown with one raw-HTML block in it; see the crate docs for the
/// contract.
pub(crate) fn render(exercise: &Exercise) -> String {
    let name = html::text(&exercise.name);
    let title = html::text(&exercise.config.title);
    let mut out = format!(
        "<p class=\"wb-exercise-title\" id=\"{}\" data-wb-exercise=\"{name}\">\
         <strong>Exercise:</strong> {title}</p>\n\n",
        html::text(&anchor(&exercise.name))
    );

    let prompt = exercise
        .config
        .prompt
        .trim_start_matches(['\n', '\r'])
        .trim_end();
    if !prompt.is_empty() {
        out.push_str(prompt);
        out.push_str("\n\n");
    }

    out.push_str(&format!(
        "<div class=\"wb-exercise\" data-wb-exercise=\"{name}\" data-wb-title=\"{title}\">\n"
    ));
    out.push_str(&format!(
        "<pre class=\"wb-source\" data-wb-part=\"starter\">\
         <code class=\"language-python\">{}</code></pre>\n",
        html::text(&exercise.starter)
    ));
    out.push_str(&format!(
        "<script type=\"application/json\" class=\"wb-checks\">{}</script>\n",
        html::script_json(&exercise.checks)
    ));
    out.push_str(&format!(
        "<script type=\"application/json\" class=\"wb-solution\">{}</script>\n",
        html::script_json(&exercise.solution)
    ));
    out.push_str("<template class=\"wb-hints\">");
    for hint in &exercise.config.hints {
        out.push_str(&format!("<p class=\"wb-hint\">{}</p>", html::text(hint)));
    }
    out.push_str("</template>\n</div>");

    if let Some(rust) = &exercise.rust_starter {
        render_rust(&mut out, &exercise.name, rust);
    }
    out
}

fn render_rust(out: &mut String, name: &str, starter: &str) {
    let fence = "`".repeat(longest_backtick_run(starter).max(2) + 1);
    out.push_str("\n\nIn Rust:\n\n");
    out.push_str(&format!("{fence}rust,noplayground\n"));
    out.push_str(&keep_hash_lines_visible(starter));
    if !starter.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "{fence}\n\nCheck your Rust solution with \
         `cargo run -p exercise-{name} --example check-{name}`."
    ));
}

/// mdBook hides Rust lines that start with `# ` (or are just `#`) and shows
/// `##` as `#`; doubling the hash keeps every line of the starter on screen
/// exactly as written.
fn keep_hash_lines_visible(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let hidden_by_mdbook = rest.starts_with('#')
            && matches!(
                rest[1..].chars().next(),
                None | Some('#' | ' ' | '\n' | '\r')
            );
        if hidden_by_mdbook {
            out.push_str(&line[..indent]);
            out.push('#');
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A fence must be longer than any backtick run in the code it holds.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_lines_survive_mdbook_hiding() {
        let code = "# a\n  #\n##b\n#[derive(Debug)]\n#![allow(x)]\n#\tc\n";
        assert_eq!(
            keep_hash_lines_visible(code),
            "## a\n  ##\n###b\n#[derive(Debug)]\n#![allow(x)]\n#\tc\n"
        );
    }

    #[test]
    fn fence_outgrows_backticks_in_the_code() {
        assert_eq!(longest_backtick_run("let s = \"````\";"), 4);
        assert_eq!(longest_backtick_run("fn main() {}"), 0);
    }
}
