//! Suppression comments: `# interview-prep: ignore[id, ...]` silences those concepts (ids or
//! topics; all of them when no list is given) on its own line; `ignore-file[...]` silences them in
//! the whole file. The CLI and the server honour the same comments because both call `analyze`.
//! Outside Python, a suppression alone on its line also covers the line below: a Dockerfile has
//! no comments after an instruction, and in YAML and SQL the line above is where people put them.

use std::ops::Range;

use super::{catalog, concept, ConceptId, Finding};
use crate::text::Text;

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment itself.
    pub range: Range<usize>,
    /// Bytes of the line the comment is on (what a line suppression covers).
    pub line: Range<usize>,
    /// Whole file, not just the line.
    pub file: bool,
    /// What it silences: `None` for everything, else concept ids and topics as written.
    pub targets: Option<Vec<String>>,
}

impl Suppression {
    /// Parses a comment's text, or `None` when it is not a suppression.
    pub fn parse(comment: &str, range: Range<usize>, text: Text<'_>) -> Option<Suppression> {
        let at = comment.find("interview-prep:")?;
        let rest = comment[at + "interview-prep:".len()..].trim_start();
        let (file, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore") {
            (false, r)
        } else {
            return None;
        };
        let targets = match rest.trim_start().strip_prefix('[') {
            Some(list) => {
                let list = list.split(']').next().unwrap_or("");
                Some(list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            }
            None => None,
        };
        Some(Suppression { line: line_of(range.start, text), range, file, targets })
    }

    /// Makes a comment that is alone on its line cover the next line too.
    pub fn extend_over_next_line(&mut self, text: Text<'_>) {
        let before = text.slice(self.line.start..self.range.start);
        if !before.trim().is_empty() || self.line.end >= text.len() {
            return;
        }
        let mut next = self.line.end;
        if text.byte(next) == Some(b'\r') {
            next += 1;
        }
        if text.byte(next) == Some(b'\n') {
            next += 1;
        }
        self.line.end = line_of(next, text).end;
    }

    /// Whether this suppression silences a concept (by id or by its topic).
    pub fn covers(&self, id: ConceptId) -> bool {
        match &self.targets {
            None => true,
            Some(list) => {
                let info = id.info();
                list.iter().any(|t| t == info.id || t == info.topic)
            }
        }
    }

    /// The concepts a suppression names that exist (for hover).
    pub fn named_concepts(&self) -> Vec<ConceptId> {
        match &self.targets {
            None => Vec::new(),
            Some(list) => list
                .iter()
                .flat_map(|t| match concept(t) {
                    Some(c) => vec![c],
                    None => catalog().ids().filter(|c| c.info().topic == t).collect(),
                })
                .collect(),
        }
    }

    /// Targets that are neither a concept id nor a topic.
    pub fn unknown_targets(&self) -> Vec<&str> {
        let topics = catalog().topics();
        self.targets
            .iter()
            .flatten()
            .filter(|t| concept(t).is_none() && !topics.contains(&t.as_str()))
            .map(String::as_str)
            .collect()
    }
}

/// The byte range of the line holding `byte` (without its line break).
fn line_of(byte: usize, text: Text<'_>) -> Range<usize> {
    let mut start = byte;
    while start > 0 && !matches!(text.byte(start - 1), Some(b'\n' | b'\r')) {
        start -= 1;
    }
    let mut end = byte;
    while end < text.len() && !matches!(text.byte(end), Some(b'\n' | b'\r')) {
        end += 1;
    }
    start..end
}

/// Removes the findings that a suppression covers.
pub fn apply(findings: Vec<Finding>, suppressions: &[Suppression]) -> Vec<Finding> {
    if suppressions.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            !suppressions.iter().any(|s| {
                s.covers(f.concept) && (s.file || (s.line.start <= f.range.start && f.range.start <= s.line.end))
            })
        })
        .collect()
}

/// Findings that a suppression on any line of their anchor covers are removed (SQL inside a
/// Python string: the comment goes on the call's lines); the others are returned.
pub fn apply_anchored(
    findings: Vec<(Finding, Range<usize>)>,
    own: &[Suppression],
    outer: &[Suppression],
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|(f, anchor)| {
            !own.iter()
                .chain(outer)
                .any(|s| s.covers(f.concept) && (s.file || (s.line.start <= anchor.end && anchor.start <= s.line.end)))
        })
        .map(|(f, _)| f)
        .collect()
}
