//! Freezes the part of the standard library listed in `stdlib.txt` into one
//! blob that the interpreter loads its modules from.

use std::fs;
use std::path::{Path, PathBuf};

use rustpython_compiler::{CompileOpts, Mode, compile};
use rustpython_compiler_core::frozen::{FrozenCodeObject, FrozenLib, FrozenModule};

const LIST: &str = "stdlib.txt";

fn main() {
    println!("cargo::rerun-if-changed={LIST}");
    let lib = Path::new(rustpython_pylib::LIB_PATH);
    let list = fs::read_to_string(LIST).expect("stdlib.txt is readable");
    let (included, excluded) = parse(&list);
    let mut files = Vec::new();
    for entry in &included {
        let path = lib.join(entry);
        if entry.ends_with('/') {
            collect_package(&path, &excluded, lib, &mut files);
        } else if path.is_file() {
            files.push(path);
        } else {
            panic!("{LIST} names {entry}, which RustPython's Lib does not have");
        }
    }
    files.sort();
    files.dedup();
    let modules: Vec<(String, FrozenModule<Vec<u8>>)> =
        files.iter().map(|file| freeze(lib, file)).collect();
    let blob = FrozenLib::encode(modules.iter().map(|(name, module)| {
        let module = FrozenModule {
            code: FrozenCodeObject {
                bytes: module.code.bytes.as_slice(),
            },
            package: module.package,
        };
        (name.as_str(), module)
    }));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("stdlib.frozen"), &blob.bytes).expect("write the frozen stdlib");
    let shipped: Vec<&str> = modules.iter().map(|(name, _)| name.as_str()).collect();
    fs::write(
        out.join("stdlib-left-out.txt"),
        left_out(lib, &shipped).join("\n"),
    )
    .expect("write the list of modules left out");
}

/// Top-level modules and packages in Lib that the sandbox does not ship, so
/// that importing one can say why it fails.
fn left_out(lib: &Path, shipped: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(lib)
        .expect("Lib is listable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            if path.is_dir() && path.join("__init__.py").is_file() {
                Some(name)
            } else {
                name.strip_suffix(".py").map(str::to_owned)
            }
        })
        .filter(|name| !shipped.contains(&name.as_str()))
        .collect();
    names.sort();
    names
}

/// The entries to include, and the package folders to leave out.
fn parse(list: &str) -> (Vec<String>, Vec<String>) {
    let mut included = Vec::new();
    let mut excluded = Vec::new();
    for line in list.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_prefix('!') {
            Some(left_out) => excluded.push(left_out.to_owned()),
            None => included.push(line.to_owned()),
        }
    }
    (included, excluded)
}

fn collect_package(dir: &Path, excluded: &[String], lib: &Path, files: &mut Vec<PathBuf>) {
    let relative = format!("{}/", relative_name(lib, dir));
    if excluded.contains(&relative) {
        return;
    }
    let entries = fs::read_dir(dir).unwrap_or_else(|err| panic!("cannot list {dir:?}: {err}"));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            // Only folders that are packages; data folders hold no modules.
            if path.join("__init__.py").is_file() {
                collect_package(&path, excluded, lib, files);
            }
        } else if path.extension().is_some_and(|ext| ext == "py") {
            files.push(path);
        }
    }
}

fn relative_name(lib: &Path, path: &Path) -> String {
    path.strip_prefix(lib)
        .expect("under Lib")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Compiles one file under the dotted module name its path gives it. The
/// module name also serves as the file name tracebacks show, as RustPython's
/// own frozen standard library does.
fn freeze(lib: &Path, file: &Path) -> (String, FrozenModule<Vec<u8>>) {
    let relative = relative_name(lib, file);
    let stem = relative.trim_end_matches(".py");
    let package = stem.ends_with("/__init__") || stem == "__init__";
    let name = stem.trim_end_matches("/__init__").replace('/', ".");
    let source =
        fs::read_to_string(file).unwrap_or_else(|err| panic!("cannot read {file:?}: {err}"));
    let code = compile(&source, Mode::Exec, &name, CompileOpts::default())
        .unwrap_or_else(|err| panic!("cannot compile {relative}: {err}"));
    let module = FrozenModule {
        code: FrozenCodeObject::encode(&code),
        package,
    };
    (name, module)
}
