//! Your starting point. It compiles and loads every widget, but the checks
//! fail: run `cargo run -p exercise-timeouts-and-cancellation --example check-timeouts-and-cancellation`.

#[allow(unused_imports)] // you will need them
use crate::{Loader, WIDGET_TIMEOUT};

pub async fn load_dashboard(
    loaders: Vec<(&'static str, Loader)>,
) -> Vec<(&'static str, Option<String>)> {
    // TODO: one slow widget holds the whole page up, nothing ever stops it,
    // and dropping this future leaves the spawned loaders running. Give each
    // widget its own WIDGET_TIMEOUT (None when it misses it), make sure a
    // late loader is dropped, and keep the widgets in the order of `loaders`.
    let handles: Vec<_> = loaders
        .into_iter()
        .map(|(name, loader)| (name, tokio::spawn(loader)))
        .collect();
    let mut page = Vec::with_capacity(handles.len());
    for (name, handle) in handles {
        page.push((name, Some(handle.await.expect("a loader panicked"))));
    }
    page
}
