use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the calls of a simulated service in progress, and remembers the
/// most there were at once.
///
/// How a check sees whether the reader's code overlapped its calls: four
/// fetches awaited one after another peak at 1, started together at 4. It
/// lives in a `static` beside the service, which every run shares; hence
/// [`one_run_at_a_time`](crate::one_run_at_a_time).
#[derive(Debug, Default)]
pub struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
    started: AtomicUsize,
}

/// One call in progress; the call stops counting when this drops.
#[must_use = "the call counts as in progress only while the guard lives"]
#[derive(Debug)]
pub struct GaugeGuard<'a>(&'a Gauge);

impl Gauge {
    /// A gauge with nothing in progress, for a `static`.
    pub const fn new() -> Self {
        Self {
            now: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            started: AtomicUsize::new(0),
        }
    }

    /// Counts one call as in progress until the guard drops.
    ///
    /// A guard, not a decrement at the end of the call, so that a call
    /// cancelled midway (its future dropped) stops counting too.
    pub fn enter(&self) -> GaugeGuard<'_> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        GaugeGuard(self)
    }

    /// Starts a new measurement: no calls started, and a peak of what is in
    /// progress right now (calls an earlier run left behind still count).
    pub fn reset(&self) {
        self.started.store(0, Ordering::SeqCst);
        self.peak
            .store(self.now.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// The most calls in progress at once since the last reset.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// How many calls started since the last reset.
    pub fn started(&self) -> usize {
        self.started.load(Ordering::SeqCst)
    }
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_calls_at_once_until_their_guards_drop() {
        let gauge = Gauge::new();
        let first = gauge.enter();
        let second = gauge.enter();
        drop(first);
        let _third = gauge.enter();
        assert_eq!((gauge.peak(), gauge.started()), (2, 3));
        drop(second);
        // One call is still in progress: the next measurement starts from it.
        gauge.reset();
        assert_eq!((gauge.peak(), gauge.started()), (1, 0));
    }
}
