//! One answer. Try the starter before reading it.

use std::sync::Arc;

use tokio::task::{AbortHandle, JoinSet};

use crate::{BackgroundTasks, Job, OnError};

pub struct Background {
    on_error: OnError,
    tasks: JoinSet<()>,
}

impl BackgroundTasks for Background {
    fn new(on_error: OnError) -> Self {
        Self {
            on_error,
            tasks: JoinSet::new(),
        }
    }

    fn spawn(&mut self, job: Job) -> AbortHandle {
        // A JoinSet keeps finished tasks until they are joined: let go of those first.
        while self.tasks.try_join_next().is_some() {}
        let on_error = Arc::clone(&self.on_error);
        // Reporting inside the task hears of a failure the moment it happens,
        // like a done callback; an aborted job is dropped and reports nothing.
        self.tasks.spawn(async move {
            if let Err(error) = job.await {
                on_error(error);
            }
        })
    }

    async fn drain(&mut self) {
        while let Some(outcome) = self.tasks.join_next().await {
            match outcome {
                Ok(()) => {}
                // An abort was somebody's decision, not a failure.
                Err(stopped) if stopped.is_cancelled() => {}
                Err(stopped) => std::panic::resume_unwind(stopped.into_panic()),
            }
        }
    }
}
