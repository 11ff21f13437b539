//! `{{#workbook-progress}}`: a table of every exercise in the book, chapter
//! by chapter, for the front-end to mark solved or not.
//!
//! The list comes from the chapters' own `{{#exercise}}` directives, so an
//! exercise added to a chapter shows up here with no other edit.

use std::path::{Component, Path, PathBuf};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};

use crate::directive::{self, Kind, Piece};
use crate::exercise;
use crate::html;
use crate::layout::{Layout, slash_path};

/// The chapters that hold exercises, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BookExercises {
    chapters: Vec<ChapterExercises>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ChapterExercises {
    /// mdBook's section number, e.g. `3.1.`, when the chapter has one.
    number: Option<String>,
    title: String,
    /// The rendered chapter relative to `src`, still ending in `.md`.
    page: PathBuf,
    /// Exercise names in the order they appear in the chapter.
    exercises: Vec<String>,
}

impl BookExercises {
    pub(crate) fn collect(book: &Book) -> Self {
        let mut chapters = Vec::new();
        collect_items(&book.items, &mut chapters);
        BookExercises { chapters }
    }

    fn total(&self) -> usize {
        self.chapters.iter().map(|c| c.exercises.len()).sum()
    }
}

fn collect_items(items: &[BookItem], out: &mut Vec<ChapterExercises>) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            if let Some(found) = chapter_exercises(chapter) {
                out.push(found);
            }
            collect_items(&chapter.sub_items, out);
        }
    }
}

fn chapter_exercises(chapter: &Chapter) -> Option<ChapterExercises> {
    // `path` is where the page is rendered (README becomes index); drafts
    // have no page to link to.
    let page = chapter.path.clone()?;
    let exercises: Vec<String> = directive::scan(&chapter.content)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Directive { directive, .. } if directive.kind == Kind::Exercise => {
                Some(directive.name.to_string())
            }
            _ => None,
        })
        .collect();
    if exercises.is_empty() {
        return None;
    }
    Some(ChapterExercises {
        number: chapter.number.as_ref().map(ToString::to_string),
        title: chapter.name.clone(),
        page,
        exercises,
    })
}

/// One raw-HTML block without blank lines; see the crate docs for the
/// contract. `chapter` is the page the table goes on, relative to `src`,
/// so that its links work from there.
pub(crate) fn render(layout: &Layout, book: &BookExercises, chapter: &Path) -> String {
    let total = book.total();
    let mut out = format!("<div class=\"wb-progress\" data-wb-total=\"{total}\">\n");
    if total == 0 {
        out.push_str(
            "<p class=\"wb-progress-summary\">This book has no exercises yet.</p>\n</div>",
        );
        return out;
    }
    out.push_str(
        "<p class=\"wb-progress-summary\">Which exercises you have solved is kept in this \
         browser, and this table shows it once the page&#39;s scripts have run.</p>\n",
    );
    out.push_str(
        "<table class=\"wb-progress-table\">\n<thead><tr><th scope=\"col\">Chapter</th>\
         <th scope=\"col\">Exercise</th><th scope=\"col\">Status</th></tr></thead>\n",
    );
    let up = "../".repeat(depth(chapter));
    for entry in &book.chapters {
        let href = format!("{up}{}", url_path(&entry.page.with_extension("html")));
        let label = match &entry.number {
            Some(number) => format!("{number} {}", entry.title),
            None => entry.title.clone(),
        };
        out.push_str("<tbody>\n");
        for (index, name) in entry.exercises.iter().enumerate() {
            let title = exercise::title(layout, name).unwrap_or_else(|| name.clone());
            out.push_str(&format!("<tr data-wb-exercise=\"{}\">", html::text(name)));
            if index == 0 {
                out.push_str(&format!(
                    "<th scope=\"rowgroup\" rowspan=\"{}\"><a href=\"{}\">{}</a></th>",
                    entry.exercises.len(),
                    html::text(&href),
                    html::text(&label)
                ));
            }
            out.push_str(&format!(
                "<td><a href=\"{}#{}\">{}</a></td>\
                 <td class=\"wb-progress-status\">—</td></tr>\n",
                html::text(&href),
                html::text(&exercise::anchor(name)),
                html::text(&title)
            ));
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</div>");
    out
}

/// How many folders deep a page is below `src`.
fn depth(chapter: &Path) -> usize {
    Layout::chapter_dir(chapter)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count()
}

/// A `/`-separated path with everything but unreserved characters
/// percent-encoded, so a chapter file named with spaces still links.
fn url_path(path: &Path) -> String {
    let mut out = String::new();
    for byte in slash_path(path).bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_folders_above_the_page() {
        assert_eq!(depth(Path::new("progress.md")), 0);
        assert_eq!(depth(Path::new("a/b/progress.md")), 2);
    }

    #[test]
    fn url_path_encodes_what_a_url_cannot_hold() {
        assert_eq!(url_path(Path::new("a b/ü.html")), "a%20b/%C3%BC.html");
        assert_eq!(url_path(Path::new("x-y_z/index.html")), "x-y_z/index.html");
    }
}
