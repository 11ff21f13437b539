//! Reading a program from disk, with errors that name the file and the problem.

use std::{fs, path::Path};

/// Larger than any program a reader writes by hand; protects against pasting a
/// data file by mistake.
const MAX_BYTES: u64 = 1_000_000;

pub fn read(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let metadata = fs::metadata(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    if metadata.is_dir() {
        return Err(format!("{shown} is a directory, not a Python file"));
    }
    if metadata.len() > MAX_BYTES {
        return Err(format!(
            "{shown} is {} bytes; the sandbox takes programs up to {MAX_BYTES} bytes",
            metadata.len()
        ));
    }
    let bytes = fs::read(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    let source = String::from_utf8(bytes).map_err(|error| {
        format!(
            "{shown} is not valid UTF-8 (the byte at offset {} is not): save it as UTF-8",
            error.utf8_error().valid_up_to()
        )
    })?;
    // CPython would run it and print nothing; an empty file is far more
    // likely the wrong file, or one not saved yet.
    if source.trim().is_empty() {
        return Err(format!(
            "{shown} is empty: there is no program in it to run"
        ));
    }
    Ok(source)
}
