//! `workbook lint FILE.py...`: the static asyncio checks, in the format
//! editors and CI read (`FILE:LINE:COL: RULE message`), or as JSON.
//!
//! Exit status as with ruff and flake8: 0 when there is nothing to report,
//! 1 when there are findings, 2 when some file could not be linted (missing,
//! unreadable, or not valid Python).

use std::{path::Path, process::ExitCode};

use serde::Serialize;
use workbook_lint::Finding;

use crate::source_file;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct FileFinding<'f> {
    file: &'f str,
    #[serde(flatten)]
    finding: &'f Finding,
}

pub fn lint(args: &[&str], usage: &str) -> Result<ExitCode, String> {
    let (format, files) = parse(args, usage)?;
    let mut found: Vec<(&str, Finding)> = Vec::new();
    let mut could_not_lint = false;
    for file in files {
        let source = match source_file::read(Path::new(file)) {
            Ok(source) => source,
            Err(message) => {
                eprintln!("workbook: {message}");
                could_not_lint = true;
                continue;
            }
        };
        match workbook_lint::lint(&source) {
            Ok(findings) => found.extend(findings.into_iter().map(|finding| (file, finding))),
            Err(problem) => {
                could_not_lint = true;
                let line = format!(
                    "{file}:{}:{}: syntax error: {}",
                    problem.line, problem.column, problem.message
                );
                // In JSON mode stdout stays a valid array of findings.
                match format {
                    Format::Text => println!("{line}"),
                    Format::Json => eprintln!("{line}"),
                }
            }
        }
    }
    match format {
        Format::Text => {
            for (file, finding) in &found {
                println!(
                    "{file}:{}:{}: {} {} (see {})",
                    finding.line,
                    finding.column.unwrap_or(1),
                    finding.rule,
                    finding.message,
                    finding.chapter
                );
            }
        }
        Format::Json => {
            let rows: Vec<FileFinding> = found
                .iter()
                .map(|(file, finding)| FileFinding { file, finding })
                .collect();
            let json = serde_json::to_string_pretty(&rows).map_err(|error| error.to_string())?;
            println!("{json}");
        }
    }
    Ok(ExitCode::from(if could_not_lint {
        2
    } else if found.is_empty() {
        0
    } else {
        1
    }))
}

fn parse<'w>(args: &[&'w str], usage: &str) -> Result<(Format, Vec<&'w str>), String> {
    let mut format = Format::Text;
    let mut files = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let chosen = match *word {
            "--format" => words.next().copied(),
            _ => match word.strip_prefix("--format=") {
                Some(chosen) => Some(chosen),
                None => {
                    files.push(*word);
                    continue;
                }
            },
        };
        format = match chosen {
            Some("text") => Format::Text,
            Some("json") => Format::Json,
            _ => return Err(format!("`--format` takes `text` or `json`\n{usage}")),
        };
    }
    if files.is_empty() {
        return Err(format!("`lint` takes one or more FILE.py\n{usage}"));
    }
    Ok((format, files))
}
