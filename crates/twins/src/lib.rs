//! Rust/tokio twins of the workbook's Python chapters, one module per chapter.
//!
//! The book shows pieces of these files through mdBook anchors, so every
//! twin stays compiled and tested rather than pasted into Markdown.

pub mod blocking_the_loop;
