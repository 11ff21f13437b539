//! Replacing directives in chapters with the widgets they stand for.

use std::path::Path;

use mdbook_preprocessor::book::{Book, BookItem, Chapter};

use crate::directive::{self, Directive, Kind, Piece};
use crate::error::{BookError, ChapterError, Problem};
use crate::layout::Layout;
use crate::progress::{self, BookExercises};
use crate::{exercise, pair};

/// Expands every chapter, or reports every problem in the book.
pub fn expand_book(layout: &Layout, mut book: Book) -> Result<Book, BookError> {
    // Gathered before any chapter changes, so a progress table sees every
    // exercise wherever in the book it stands.
    let exercises = BookExercises::collect(&book);
    let mut errors = Vec::new();
    for_each_chapter(&mut book.items, &mut |chapter| {
        // `path` is renamed to index.md for README files; `source_path` is
        // the file the author wrote. Draft chapters have neither.
        let Some(path) = chapter.source_path.clone().or_else(|| chapter.path.clone()) else {
            return;
        };
        match expand_in_book(layout, &exercises, &path, &chapter.content) {
            Ok(content) => chapter.content = content,
            Err(mut found) => errors.append(&mut found),
        }
    });
    if errors.is_empty() {
        Ok(book)
    } else {
        Err(BookError::new(errors))
    }
}

/// Walks in reading order, so errors come out in the order of the book.
fn for_each_chapter(items: &mut [BookItem], visit: &mut dyn FnMut(&mut Chapter)) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            visit(chapter);
            for_each_chapter(&mut chapter.sub_items, visit);
        }
    }
}

/// Expands one chapter's markdown on its own; `chapter` is its path
/// relative to `src`. Seeing no other chapter, a `{{#workbook-progress}}`
/// in it lists only this chapter's exercises; [`expand_book`] lists the
/// whole book's.
pub fn expand_chapter(
    layout: &Layout,
    chapter: &Path,
    content: &str,
) -> Result<String, Vec<ChapterError>> {
    let name = chapter.display().to_string();
    let own = Chapter::new(&name, content.to_string(), chapter, vec![]);
    let book = Book::new_with_items(vec![BookItem::Chapter(own)]);
    expand_in_book(layout, &BookExercises::collect(&book), chapter, content)
}

fn expand_in_book(
    layout: &Layout,
    exercises: &BookExercises,
    chapter: &Path,
    content: &str,
) -> Result<String, Vec<ChapterError>> {
    let mut out = String::with_capacity(content.len());
    let mut errors = Vec::new();
    let mut fail = |line: usize, text: &str, problem: Problem| {
        errors.push(ChapterError {
            chapter: layout.src().join(chapter),
            line,
            directive: text.to_string(),
            problem,
        });
    };
    for piece in directive::scan(content) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Directive {
                line,
                text,
                directive,
            } => match expand_directive(layout, exercises, chapter, &directive) {
                Ok(block) => {
                    // Blank lines around the block keep it apart from
                    // neighbouring paragraphs, in both directions.
                    out.push('\n');
                    out.push_str(&block);
                    out.push_str("\n\n");
                }
                Err(problems) => {
                    for problem in problems {
                        fail(line, text, problem);
                    }
                }
            },
            Piece::Invalid { line, text, error } => fail(line, text, Problem::Directive(error)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn expand_directive(
    layout: &Layout,
    exercises: &BookExercises,
    chapter: &Path,
    directive: &Directive<'_>,
) -> Result<String, Vec<Problem>> {
    match directive.kind {
        Kind::Pair => pair::load(layout, chapter, directive.name).map(|p| pair::render(&p)),
        Kind::Exercise => exercise::load(layout, directive.name).map(|e| exercise::render(&e)),
        Kind::Progress => Ok(progress::render(layout, exercises, chapter)),
    }
}
