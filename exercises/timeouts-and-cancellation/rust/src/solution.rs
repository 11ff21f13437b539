//! One answer. Try the starter before reading it.

use tokio::task::JoinSet;
use tokio::time::timeout;

use crate::{Loader, WIDGET_TIMEOUT};

pub async fn load_dashboard(
    loaders: Vec<(&'static str, Loader)>,
) -> Vec<(&'static str, Option<String>)> {
    // A JoinSet aborts whatever is still in it when it is dropped, so if the
    // caller drops this future, no loader is left running.
    let mut widgets = JoinSet::new();
    for (index, (name, loader)) in loaders.into_iter().enumerate() {
        // timeout drops the loader when its time is up: that is the cancellation.
        widgets.spawn(async move { (index, name, timeout(WIDGET_TIMEOUT, loader).await.ok()) });
    }
    // join_all returns widgets as they finish; sorting restores the input order.
    let mut page = widgets.join_all().await;
    page.sort_by_key(|&(index, _, _)| index);
    page.into_iter()
        .map(|(_, name, content)| (name, content))
        .collect()
}
