//! The `exercise.toml` format.

use std::path::Path;

use toml::{Table, Value};

use crate::error::{ConfigError, ConfigProblem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExerciseConfig {
    pub(crate) title: String,
    /// Markdown, left for mdBook to render.
    pub(crate) prompt: String,
    pub(crate) hints: Vec<String>,
}

const KEYS: [&str; 3] = ["title", "prompt", "hints"];

impl ExerciseConfig {
    /// `path` is only for messages.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let fail = |problem| ConfigError {
            path: path.to_path_buf(),
            problem,
        };
        let table: Table = text
            .parse()
            .map_err(|err: toml::de::Error| fail(ConfigProblem::Syntax(err.to_string())))?;

        // A misspelt key would otherwise be silently ignored, and its
        // absence reported confusingly as a missing key.
        if let Some(key) = table.keys().find(|key| !KEYS.contains(&key.as_str())) {
            return Err(fail(ConfigProblem::UnknownKey(key.clone())));
        }

        let title = string_key(&table, "title").map_err(fail)?;
        if title.trim().is_empty() {
            return Err(fail(ConfigProblem::EmptyTitle));
        }
        let prompt = string_key(&table, "prompt").map_err(fail)?;
        let hints = hints_key(&table).map_err(fail)?;
        Ok(ExerciseConfig {
            title,
            prompt,
            hints,
        })
    }
}

fn string_key(table: &Table, key: &'static str) -> Result<String, ConfigProblem> {
    match table.get(key) {
        None => Err(ConfigProblem::MissingKey(key)),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Err(ConfigProblem::WrongType {
            key,
            found: other.type_str(),
        }),
    }
}

fn hints_key(table: &Table) -> Result<Vec<String>, ConfigProblem> {
    let items = match table.get("hints") {
        None => return Err(ConfigProblem::MissingKey("hints")),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(ConfigProblem::WrongType {
                key: "hints",
                found: other.type_str(),
            });
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::String(hint) => Ok(hint.clone()),
            other => Err(ConfigProblem::HintNotString {
                index,
                found: other.type_str(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ExerciseConfig, ConfigProblem> {
        ExerciseConfig::parse(Path::new("exercise.toml"), text).map_err(|err| err.problem)
    }

    #[test]
    fn reads_all_keys() {
        let config =
            parse("title = \"T\"\nprompt = \"\"\"\nDo *it*.\n\"\"\"\nhints = [\"a\", \"b\"]\n");
        assert_eq!(
            config,
            Ok(ExerciseConfig {
                title: "T".into(),
                prompt: "Do *it*.\n".into(),
                hints: vec!["a".into(), "b".into()],
            })
        );
    }

    #[test]
    fn empty_hints_are_fine() {
        let config = parse("title = \"T\"\nprompt = \"\"\nhints = []\n");
        assert_eq!(config.map(|c| c.hints), Ok(vec![]));
    }

    #[test]
    fn names_each_kind_of_mistake() {
        assert_eq!(
            parse("prompt = \"\"\nhints = []"),
            Err(ConfigProblem::MissingKey("title"))
        );
        assert_eq!(
            parse("title = 3\nprompt = \"\"\nhints = []"),
            Err(ConfigProblem::WrongType {
                key: "title",
                found: "integer"
            })
        );
        assert_eq!(
            parse("title = \"T\"\nprompt = \"\"\nhints = \"one\""),
            Err(ConfigProblem::WrongType {
                key: "hints",
                found: "string"
            })
        );
        assert_eq!(
            parse("title = \"T\"\nprompt = \"\"\nhints = [\"a\", 2]"),
            Err(ConfigProblem::HintNotString {
                index: 1,
                found: "integer"
            })
        );
        assert_eq!(
            parse("title = \"  \"\nprompt = \"\"\nhints = []"),
            Err(ConfigProblem::EmptyTitle)
        );
        assert_eq!(
            parse("title = \"T\"\nprompt = \"\"\nhint = []"),
            Err(ConfigProblem::UnknownKey("hint".into()))
        );
        assert!(matches!(
            parse("title = \"T"),
            Err(ConfigProblem::Syntax(_))
        ));
    }
}
