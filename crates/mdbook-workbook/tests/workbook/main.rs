//! Tests of the workbook preprocessor on the fixture books in
//! `tests/fixtures/`, gathered in one binary to keep link time down.

mod support;

mod errors;
mod exercise;
mod mdbook_build;
mod pair;
mod progress;
