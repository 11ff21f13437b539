//! Where a book's files live on disk.

use std::path::{Component, Path, PathBuf};

/// The book root (the folder holding `book.toml`) and its `src` folder.
///
/// Every path this crate reports is relative to the root, so error messages
/// read the same on every machine and point at what the author edits.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
    src: PathBuf,
}

impl Layout {
    /// `src` is relative to `root`, as `book.src` in `book.toml` is.
    pub fn new(root: PathBuf, src: PathBuf) -> Self {
        Layout { root, src }
    }

    /// The `src` folder, relative to the root.
    pub(crate) fn src(&self) -> &Path {
        &self.src
    }

    /// Turns a root-relative path into one the file system can open.
    pub(crate) fn on_disk(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// The folder holding a chapter, relative to `src`.
    pub(crate) fn chapter_dir(chapter: &Path) -> PathBuf {
        chapter.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// Joins path components with `/` whatever the platform, for `data-`
/// attributes the front-end compares as strings.
pub(crate) fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        if let Component::Normal(part) = component {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&part.to_string_lossy());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_path_drops_current_dir_and_uses_forward_slashes() {
        assert_eq!(slash_path(Path::new("./a/b/c")), "a/b/c");
        assert_eq!(slash_path(Path::new("")), "");
    }

    #[test]
    fn chapter_dir_of_top_level_chapter_is_empty() {
        assert_eq!(Layout::chapter_dir(Path::new("intro.md")), PathBuf::new());
        assert_eq!(Layout::chapter_dir(Path::new("a/b.md")), PathBuf::from("a"));
    }
}
