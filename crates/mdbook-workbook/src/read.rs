//! Bounded, UTF-8-checked reading of the files a directive pulls in.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{FileError, FileProblem};
use crate::layout::Layout;

/// Snippets and their outputs are a few dozen lines; a file this big is an
/// accident (a runaway log, a data file) that would bloat every page.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a required file; `missing_help` tells the author how to create it.
pub(crate) fn read_text(
    layout: &Layout,
    path: PathBuf,
    missing_help: &'static str,
) -> Result<String, FileError> {
    match read_bounded(&layout.on_disk(&path)) {
        Ok(text) => Ok(text),
        Err(problem) => Err(FileError::new(path, problem, missing_help)),
    }
}

/// Reads a file that may legitimately be absent.
pub(crate) fn read_optional_text(
    layout: &Layout,
    path: PathBuf,
) -> Result<Option<String>, FileError> {
    match read_bounded(&layout.on_disk(&path)) {
        Ok(text) => Ok(Some(text)),
        Err(FileProblem::NotFound) => Ok(None),
        Err(problem) => Err(FileError::new(path, problem, "")),
    }
}

fn read_bounded(path: &Path) -> Result<String, FileProblem> {
    let file = File::open(path).map_err(FileProblem::from_io)?;
    let metadata = file.metadata().map_err(FileProblem::from_io)?;
    if metadata.is_dir() {
        return Err(FileProblem::IsDirectory);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge {
            bytes: metadata.len(),
        });
    }
    let mut bytes = Vec::new();
    // The size check above can race with a writer; the cap cannot.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(FileProblem::from_io)?;
    let len = bytes.len() as u64;
    if len > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge { bytes: len });
    }
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let line = 1 + err.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        FileProblem::NotUtf8 { offset, line }
    })
}

impl FileProblem {
    fn from_io(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => FileProblem::NotFound,
            io::ErrorKind::IsADirectory => FileProblem::IsDirectory,
            _ => FileProblem::Io(err.to_string()),
        }
    }
}

/// Whether a folder exists, so a wholly missing pair or exercise gets one
/// clear error instead of one per file.
pub(crate) fn is_dir(layout: &Layout, path: &Path) -> bool {
    layout.on_disk(path).is_dir()
}
