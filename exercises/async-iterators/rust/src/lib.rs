//! Exercise "Async iterators and generators", the Rust side.
//!
//! `AllItems` must hand out every item of a paginated API, in order, asking
//! for a page only when the caller has used up the previous one.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-async-iterators --example check-async-iterators`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::Mutex;
use std::time::Duration;

/// How long the API takes to answer one page request.
pub const PAGE_TIME: Duration = Duration::from_millis(200);

/// Rust's async iterator: `next` is `__anext__`, and `None` plays the part
/// of `StopAsyncIteration`. Read one with `while let Some(item) = items.next().await`.
pub trait ItemStream {
    fn next(&mut self) -> impl Future<Output = Option<String>>;
}

/// A simulated paginated API. Treat it as a service you cannot change.
#[derive(Debug)]
pub struct PagedApi {
    pages: Vec<Vec<String>>,
    requested: Mutex<Vec<usize>>,
}

impl PagedApi {
    pub fn new(pages: Vec<Vec<String>>) -> Self {
        PagedApi {
            pages,
            requested: Mutex::new(Vec::new()),
        }
    }

    /// The items of page `number` (counting from 0), and the number of the
    /// next page, or `None` after the last. Takes 0.2 s. A page may be empty
    /// without being the last one.
    pub async fn get_page(&self, number: usize) -> (Vec<String>, Option<usize>) {
        self.requested
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(number);
        tokio::time::sleep(PAGE_TIME).await;
        let next = (number + 1 < self.pages.len()).then_some(number + 1);
        (self.pages[number].clone(), next)
    }

    /// The page numbers requested so far, in order. The checks read it.
    pub fn requested(&self) -> Vec<usize> {
        self.requested
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}
