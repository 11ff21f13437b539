/// The outcome of one check, with a message written for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// What the check looks for; the report prints it after PASS or FAIL.
    pub name: &'static str,
    pub passed: bool,
    /// What the check saw and, when it failed, what to change: all the
    /// reader learns from a failure, so it reads like a tutor's note.
    pub message: String,
}

/// A check that passed; the message says what was seen.
pub fn pass(name: &'static str, message: String) -> CheckResult {
    CheckResult {
        name,
        passed: true,
        message,
    }
}

/// A check that failed; the message says what was seen against what was
/// expected, with numbers, and what to try.
pub fn fail(name: &'static str, message: String) -> CheckResult {
    CheckResult {
        name,
        passed: false,
        message,
    }
}
