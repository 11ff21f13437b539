//! Every rule the workbook reports, with the chapter section that explains it.

/// A named asyncio mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    // Static rules: found in the source.
    /// `time.sleep`, `requests.*`, `open(...)` or `subprocess.run` inside
    /// `async def`, directly or through the program's own plain functions.
    BlockingCall,
    /// A coroutine function called and its coroutine thrown away.
    MissingAwait,
    /// `asyncio.create_task` whose task is thrown away.
    DroppedTask,
    /// `asyncio.run` (or `run_until_complete`) inside a coroutine, directly or
    /// through a sync wrapper.
    RunInsideCoroutine,
    /// `gather` over a comprehension of many items with nothing bounding it.
    UnboundedGather,
    /// A bare `except:`, `except BaseException:` or `except CancelledError:`
    /// inside `async def` that does not re-raise.
    SwallowedCancellation,
    /// `gather(..., return_exceptions=True)` whose results nobody examines.
    UnexaminedExceptions,
    // Runtime rules: reported by the sandbox while the program runs.
    /// "coroutine ... was never awaited".
    NeverAwaited,
    /// "Task exception was never retrieved".
    ExceptionNeverRetrieved,
    /// "Task was destroyed but it is pending!".
    DestroyedPending,
    /// One step of the loop took longer than 100 ms of virtual time.
    LoopBlocked,
}

impl Rule {
    pub const ALL: [Rule; 11] = [
        Rule::BlockingCall,
        Rule::MissingAwait,
        Rule::DroppedTask,
        Rule::RunInsideCoroutine,
        Rule::UnboundedGather,
        Rule::SwallowedCancellation,
        Rule::UnexaminedExceptions,
        Rule::NeverAwaited,
        Rule::ExceptionNeverRetrieved,
        Rule::DestroyedPending,
        Rule::LoopBlocked,
    ];

    /// The id findings carry, stable across versions.
    pub fn id(self) -> &'static str {
        match self {
            Rule::BlockingCall => "blocking-call",
            Rule::MissingAwait => "missing-await",
            Rule::DroppedTask => "dropped-task",
            Rule::RunInsideCoroutine => "run-inside-coroutine",
            Rule::UnboundedGather => "unbounded-gather",
            Rule::SwallowedCancellation => "swallowed-cancellation",
            Rule::UnexaminedExceptions => "unexamined-exceptions",
            Rule::NeverAwaited => "never-awaited",
            Rule::ExceptionNeverRetrieved => "exception-never-retrieved",
            Rule::DestroyedPending => "destroyed-pending",
            Rule::LoopBlocked => "loop-blocked",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// True for the rules the sandbox reports while a program runs.
    pub fn is_runtime(self) -> bool {
        matches!(
            self,
            Rule::NeverAwaited
                | Rule::ExceptionNeverRetrieved
                | Rule::DestroyedPending
                | Rule::LoopBlocked
        )
    }

    /// The page and section that explain the mistake, relative to the book's root.
    pub fn chapter(self) -> &'static str {
        match self {
            Rule::BlockingCall | Rule::LoopBlocked => {
                "blocking-the-loop/index.html#a-sleep-that-stops-the-world"
            }
            Rule::MissingAwait | Rule::NeverAwaited => {
                "coroutines-and-tasks/index.html#a-forgotten-await"
            }
            Rule::DroppedTask | Rule::DestroyedPending => {
                "task-lifetimes/index.html#a-task-nobody-references"
            }
            Rule::RunInsideCoroutine => {
                "running-the-loop/index.html#asynciorun-inside-a-running-loop"
            }
            Rule::UnboundedGather => "bounded-concurrency/index.html#unbounded-fan-out",
            Rule::SwallowedCancellation => {
                "timeouts-and-cancellation/index.html#clean-up-then-re-raise"
            }
            Rule::UnexaminedExceptions => "gather/index.html#failures-nobody-looks-at",
            Rule::ExceptionNeverRetrieved => {
                "task-lifetimes/index.html#an-exception-nobody-retrieves"
            }
        }
    }
}
