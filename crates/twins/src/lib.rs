//! Rust/tokio twins of the workbook's Python chapters, one module per chapter.
//!
//! The book shows pieces of these files through mdBook anchors, so every
//! twin stays compiled and tested rather than pasted into Markdown.

pub mod async_context_managers;
pub mod async_is_for_waiting;
pub mod async_iterators;
pub mod blocking_the_loop;
pub mod bounded_concurrency;
pub mod coroutines_and_tasks;
pub mod debugging_and_testing;
pub mod ecosystem;
pub mod event_log;
pub mod gather;
pub mod production;
pub mod queues;
pub mod resilience;
pub mod running_the_loop;
pub mod shared_state;
pub mod task_groups;
pub mod task_lifetimes;
pub mod threads;
pub mod timeouts_and_cancellation;
pub mod waiting_strategies;
