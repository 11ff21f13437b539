//! The reports a run and a grading return, as the runner writes them in JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use workbook_lint::{Finding, Rule};

/// What one program did.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct RunReport {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    pub timeline: Vec<TimelineEvent>,
    /// The virtual clock when the program ended, in seconds.
    pub virtual_time: f64,
    /// The asyncio mistakes the program ran into, by line.
    #[serde(default)]
    pub feedback: Vec<Finding>,
}

/// One change of state of a task or simulated thread, at a virtual time.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct TimelineEvent {
    /// Virtual seconds since the program started.
    pub t: f64,
    /// The task's name as asyncio gives it ("Task-2"), or a pool thread's name.
    pub task: String,
    /// created, running, waiting, blocked, done, cancelled or failed.
    pub state: String,
    /// The coroutine's qualified name, on "created" events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// "thread" for simulated pool threads; absent for tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What blocked the loop, on "blocked" events (e.g. "time.sleep").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
}

/// How an exercise attempt fared against its checks.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct CheckReport {
    pub results: Vec<CheckOutcome>,
    pub stdout: String,
    pub stderr: String,
    /// The asyncio mistakes the learner's code ran into while the checks ran.
    #[serde(default)]
    pub feedback: Vec<Finding>,
}

/// One check's verdict, with the message a tutor would give.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct CheckOutcome {
    pub name: String,
    pub passed: bool,
    pub message: String,
}

impl CheckReport {
    /// True when there is at least one check and every check passed.
    pub fn all_passed(&self) -> bool {
        !self.results.is_empty() && self.results.iter().all(|outcome| outcome.passed)
    }

    pub(crate) fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_else(|error| Self {
            results: vec![CheckOutcome {
                name: "the checks ran".into(),
                passed: false,
                message: format!("the sandbox returned an unreadable report: {error}"),
            }],
            ..Self::default()
        })
    }
}

impl RunReport {
    pub(crate) fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_else(|error| Self {
            stderr: format!("The sandbox returned an unreadable report: {error}\n"),
            exit_code: 1,
            ..Self::default()
        })
    }
}

/// The runner's report with each feedback finding linked to the chapter that
/// explains its rule. The runner knows rule ids only; the table of rules
/// (and so of chapters) is Rust's. A report without findings is returned as is.
pub(crate) fn link_feedback_to_chapters(json: String) -> String {
    let Ok(mut report) = serde_json::from_str::<Value>(&json) else {
        return json;
    };
    let Some(findings) = report.get_mut("feedback").and_then(Value::as_array_mut) else {
        return json;
    };
    if findings.is_empty() {
        return json;
    }
    for finding in findings.iter_mut() {
        let chapter = finding
            .get("rule")
            .and_then(Value::as_str)
            .and_then(Rule::from_id)
            .map_or("", Rule::chapter);
        if let Some(fields) = finding.as_object_mut() {
            fields.insert("chapter".to_owned(), chapter.into());
        }
    }
    report.to_string()
}
