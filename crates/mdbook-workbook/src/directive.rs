//! Finding workbook directives in chapter text.
//!
//! Works line by line on the text mdBook hands over; it does not parse
//! markdown, so directives in code blocks count too (escape them there).

use crate::error::DirectiveError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Pair,
    Exercise,
    /// The table of every exercise in the book; takes no name.
    Progress,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Pair, Kind::Exercise, Kind::Progress];

    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Kind::Pair => "pair",
            Kind::Exercise => "exercise",
            Kind::Progress => "workbook-progress",
        }
    }

    fn from_keyword(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.keyword() == word)
    }

    fn takes_a_name(self) -> bool {
        self != Kind::Progress
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    pub(crate) kind: Kind,
    /// Empty for a directive that takes no name.
    pub(crate) name: &'a str,
}

/// The chapter cut into text to keep and directives to replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    /// Stands for its whole line, line break included.
    Directive {
        line: usize,
        text: &'a str,
        directive: Directive<'a>,
    },
    Invalid {
        line: usize,
        text: &'a str,
        error: DirectiveError,
    },
}

pub(crate) fn scan(content: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    for (index, line) in content.split_inclusive('\n').enumerate() {
        scan_line(index + 1, line, &mut pieces);
    }
    pieces
}

/// A `{{#…}}` that is ours, or close enough that it must be a typo of ours.
struct Candidate<'a> {
    start: usize,
    end: usize,
    escaped: bool,
    parsed: Result<Directive<'a>, DirectiveError>,
}

fn scan_line<'a>(line_number: usize, line: &'a str, pieces: &mut Vec<Piece<'a>>) {
    let candidates = candidates(line);
    let live: Vec<&Candidate<'a>> = candidates.iter().filter(|c| !c.escaped).collect();

    if let [only] = live.as_slice() {
        let alone = line[..only.start].trim().is_empty() && line[only.end..].trim().is_empty();
        let text = &line[only.start..only.end];
        let piece = match (&only.parsed, alone) {
            (Ok(directive), true) => Piece::Directive {
                line: line_number,
                text,
                directive: directive.clone(),
            },
            (Ok(directive), false) => Piece::Invalid {
                line: line_number,
                text,
                error: DirectiveError::NotAlone {
                    kind: directive.kind.keyword(),
                },
            },
            (Err(error), _) => Piece::Invalid {
                line: line_number,
                text,
                error: error.clone(),
            },
        };
        pieces.push(piece);
        return;
    }

    for candidate in &live {
        let error = match &candidate.parsed {
            Ok(directive) => DirectiveError::NotAlone {
                kind: directive.kind.keyword(),
            },
            Err(error) => error.clone(),
        };
        pieces.push(Piece::Invalid {
            line: line_number,
            text: &line[candidate.start..candidate.end],
            error,
        });
    }
    if !live.is_empty() {
        return;
    }

    // Only escaped directives: keep the line, minus each escaping backslash.
    let mut kept = 0;
    for candidate in &candidates {
        pieces.push(Piece::Text(&line[kept..candidate.start - 1]));
        kept = candidate.start;
    }
    pieces.push(Piece::Text(&line[kept..]));
}

fn candidates(line: &str) -> Vec<Candidate<'_>> {
    let mut found = Vec::new();
    let mut cursor = 0;
    while let Some(offset) = line[cursor..].find("{{") {
        let start = cursor + offset;
        match candidate_at(line, start) {
            Some(candidate) => {
                cursor = candidate.end;
                found.push(candidate);
            }
            None => cursor = start + 2,
        }
    }
    found
}

fn candidate_at(line: &str, start: usize) -> Option<Candidate<'_>> {
    let after_braces = &line[start + 2..];
    let hash = after_braces.trim_start();
    let after_hash = hash.strip_prefix('#')?;
    let word_len = after_hash
        .find(|c: char| !is_name_char(c))
        .unwrap_or(after_hash.len());
    let word = &after_hash[..word_len];
    let word_start = line.len() - after_hash.len();
    let word_end = word_start + word_len;

    let kind = match Kind::from_keyword(word) {
        Some(kind) => Ok(kind),
        None => Err(typo_of(word)?),
    };
    let escaped = line[..start].ends_with('\\');

    let Some(close) = line[word_end..].find("}}") else {
        let end = line.trim_end_matches(['\n', '\r']).len().max(word_end);
        let error = match kind {
            Ok(kind) => DirectiveError::Unclosed {
                kind: kind.keyword(),
            },
            Err(suggestion) => unknown(word, suggestion),
        };
        return Some(Candidate {
            start,
            end,
            escaped,
            parsed: Err(error),
        });
    };
    let end = word_end + close + 2;
    let parsed = match kind {
        Ok(kind) => parse_arguments(kind, &line[word_end..word_end + close]),
        Err(suggestion) => Err(unknown(word, suggestion)),
    };
    Some(Candidate {
        start,
        end,
        escaped,
        parsed,
    })
}

fn unknown(word: &str, suggestion: &'static str) -> DirectiveError {
    DirectiveError::Unknown {
        name: word.to_string(),
        suggestion,
    }
}

fn parse_arguments(kind: Kind, arguments: &str) -> Result<Directive<'_>, DirectiveError> {
    let keyword = kind.keyword();
    let mut words = arguments.split_whitespace();
    if !kind.takes_a_name() {
        let extra: Vec<&str> = words.collect();
        if !extra.is_empty() {
            return Err(DirectiveError::ExtraArguments {
                kind: keyword,
                extra: extra.join(" "),
            });
        }
        return Ok(Directive { kind, name: "" });
    }
    let Some(name) = words.next() else {
        return Err(DirectiveError::MissingName { kind: keyword });
    };
    // `{{#pair/x}}` would otherwise pass as the name `/x`.
    if !arguments.starts_with(char::is_whitespace) {
        return Err(DirectiveError::MissingName { kind: keyword });
    }
    let extra: Vec<&str> = words.collect();
    if !extra.is_empty() {
        return Err(DirectiveError::ExtraArguments {
            kind: keyword,
            extra: extra.join(" "),
        });
    }
    if !is_valid_name(kind, name) {
        return Err(DirectiveError::InvalidName {
            kind: keyword,
            name: name.to_string(),
        });
    }
    Ok(Directive { kind, name })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn is_valid_segment(segment: &str) -> bool {
    !segment.is_empty() && segment.chars().all(is_name_char)
}

fn is_valid_name(kind: Kind, name: &str) -> bool {
    match kind {
        Kind::Pair => name.split('/').all(is_valid_segment),
        Kind::Exercise => is_valid_segment(name),
        Kind::Progress => name.is_empty(),
    }
}

/// Which of our keywords `word` is probably a misspelling of, if any.
///
/// Anything else (`include`, `title`, other preprocessors' directives) is
/// not ours to judge.
fn typo_of(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    // No other directive of ours starts with the book's own word.
    if lower.starts_with("workbook") {
        return Some("workbook-progress");
    }
    let to_pair = edit_distance(&lower, "pair");
    let to_exercise = edit_distance(&lower, "exercise");
    let to_progress = edit_distance(&lower, "workbook-progress");
    let (closest, _) = [
        ("pair", to_pair),
        ("exercise", to_exercise),
        ("workbook-progress", to_progress),
    ]
    .into_iter()
    .min_by_key(|&(_, distance)| distance)?;
    let is_ours = lower.starts_with("wb") || to_pair <= 1 || to_exercise <= 2 || to_progress <= 3;
    is_ours.then_some(closest)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive(
        line: usize,
        text: &'static str,
        kind: Kind,
        name: &'static str,
    ) -> Piece<'static> {
        Piece::Directive {
            line,
            text,
            directive: Directive { kind, name },
        }
    }

    fn errors(content: &str) -> Vec<DirectiveError> {
        scan(content)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Invalid { error, .. } => Some(error),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_directives_on_their_own_lines() {
        let pieces = scan("# T\n\n  {{#pair sleep}}  \ntext\n{{ #exercise gather-all }}\n");
        assert_eq!(
            pieces,
            vec![
                Piece::Text("# T\n"),
                Piece::Text("\n"),
                directive(3, "{{#pair sleep}}", Kind::Pair, "sleep"),
                Piece::Text("text\n"),
                directive(
                    5,
                    "{{ #exercise gather-all }}",
                    Kind::Exercise,
                    "gather-all"
                ),
            ]
        );
    }

    #[test]
    fn leaves_other_expressions_alone() {
        let text = "{{#include a.py}} {{#title X}} {{ not }} {{#}} {{#playground x.rs}}\n";
        assert_eq!(scan(text), vec![Piece::Text(text)]);
    }

    #[test]
    fn escaped_directive_loses_its_backslash() {
        let pieces = scan("Write \\{{#pair NAME}} or \\{{#pairs}}.\n");
        let joined: String = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => *text,
                _ => panic!("unexpected {piece:?}"),
            })
            .collect();
        assert_eq!(joined, "Write {{#pair NAME}} or {{#pairs}}.\n");
    }

    #[test]
    fn nested_pair_names_are_allowed() {
        assert_eq!(
            scan("{{#pair a/b_c-1}}"),
            vec![directive(1, "{{#pair a/b_c-1}}", Kind::Pair, "a/b_c-1")]
        );
    }

    #[test]
    fn reports_malformed_directives() {
        assert_eq!(
            errors("{{#pair}}\n{{#exercise   }}\n"),
            vec![
                DirectiveError::MissingName { kind: "pair" },
                DirectiveError::MissingName { kind: "exercise" },
            ]
        );
        assert_eq!(
            errors("{{#pair a b}}"),
            vec![DirectiveError::ExtraArguments {
                kind: "pair",
                extra: "b".into()
            }]
        );
        assert_eq!(
            errors("{{#pair ../x}}\n{{#exercise a/b}}\n{{#pair /x}}"),
            vec![
                DirectiveError::InvalidName {
                    kind: "pair",
                    name: "../x".into()
                },
                DirectiveError::InvalidName {
                    kind: "exercise",
                    name: "a/b".into()
                },
                DirectiveError::InvalidName {
                    kind: "pair",
                    name: "/x".into()
                },
            ]
        );
        assert_eq!(
            errors("{{#pair x\n"),
            vec![DirectiveError::Unclosed { kind: "pair" }]
        );
        assert_eq!(
            errors("See {{#pair x}}.\n> {{#exercise y}}\n"),
            vec![
                DirectiveError::NotAlone { kind: "pair" },
                DirectiveError::NotAlone { kind: "exercise" },
            ]
        );
    }

    #[test]
    fn reports_typos_of_our_directives() {
        let suggestions: Vec<&str> = errors(
            "{{#pairs x}}\n{{#Pair x}}\n{{#excercise x}}\n{{#exercises x}}\n{{#wb-pair x}}\n{{#wbexercise x}}\n",
        )
        .into_iter()
        .map(|error| match error {
            DirectiveError::Unknown { suggestion, .. } => suggestion,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
        assert_eq!(
            suggestions,
            ["pair", "pair", "exercise", "exercise", "pair", "exercise"]
        );
    }

    #[test]
    fn progress_directive_takes_no_name() {
        assert_eq!(
            scan("{{#workbook-progress}}\n  {{ #workbook-progress  }}\n"),
            vec![
                directive(1, "{{#workbook-progress}}", Kind::Progress, ""),
                directive(2, "{{ #workbook-progress  }}", Kind::Progress, ""),
            ]
        );
        assert_eq!(
            errors(
                "{{#workbook-progress all}}\n{{#workbook-progress\nSee {{#workbook-progress}}.\n"
            ),
            vec![
                DirectiveError::ExtraArguments {
                    kind: "workbook-progress",
                    extra: "all".into()
                },
                DirectiveError::Unclosed {
                    kind: "workbook-progress"
                },
                DirectiveError::NotAlone {
                    kind: "workbook-progress"
                },
            ]
        );
    }

    #[test]
    fn typos_of_the_progress_directive_are_caught_and_others_left_alone() {
        let suggestions: Vec<&str> = errors(
            "{{#workbook-progres}}\n{{#wb-progress}}\n{{#workbook_progress}}\n{{#workbook}}\n",
        )
        .into_iter()
        .map(|error| match error {
            DirectiveError::Unknown { suggestion, .. } => suggestion,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
        assert_eq!(suggestions, ["workbook-progress"; 4]);
        let text = "{{#progress}} {{#toc}}\n";
        assert_eq!(scan(text), vec![Piece::Text(text)]);
    }

    #[test]
    fn keeps_line_breaks_in_text() {
        let pieces = scan("a\r\nb");
        assert_eq!(pieces, vec![Piece::Text("a\r\n"), Piece::Text("b")]);
    }
}
