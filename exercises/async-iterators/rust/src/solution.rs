//! One answer. Try the starter before reading it.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::{ItemStream, PagedApi};

#[derive(Debug)]
pub struct AllItems {
    api: Arc<PagedApi>,
    page: VecDeque<String>,
    next_page: Option<usize>,
}

impl AllItems {
    pub fn new(api: Arc<PagedApi>) -> Self {
        AllItems {
            api,
            page: VecDeque::new(),
            next_page: Some(0),
        }
    }
}

impl ItemStream for AllItems {
    async fn next(&mut self) -> Option<String> {
        // A loop, because a page can be empty without being the last one.
        loop {
            if let Some(item) = self.page.pop_front() {
                return Some(item);
            }
            // Only now, with the current page used up, ask for the next one;
            // `?` ends the stream once there is no next page.
            let (items, next) = self.api.get_page(self.next_page?).await;
            self.page = items.into();
            self.next_page = next;
        }
    }
}
