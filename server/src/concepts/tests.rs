//! The one driver for the caret-annotated fixtures in `tests/concepts/*.py`.
//!
//! A fixture starts with `# concepts: id, id, ...`: for those concepts the fixture is exhaustive,
//! so every finding must be annotated and every annotation found. Annotations are comments under
//! the line they mark, in characters:
//!
//! ```text
//! def squares(n):
//! #   ^^^^^^^ generator-function          a finding spans exactly these columns
//!     yield n * n
//! #   ^^^^^ generator-function
//! items = [] if ok else None
//! #   ^^^^^ !mutable-default-argument     a tricky negative: nothing may start here
//! class Base:
//! # <- decorator                            a finding starting at column 0 (end unchecked)
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{analyze, concept};
use crate::document::parse_str;
use crate::position::{Encoding, LineIndex};
use crate::text::Text;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    line: u32,
    start: u32,
    /// Exclusive end column, when the annotation gives one.
    end: Option<u32>,
    concept: String,
}

pub(crate) struct Fixture {
    pub path: PathBuf,
    scope: Vec<String>,
    positives: Vec<Mark>,
    negatives: Vec<Mark>,
}

pub(crate) fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/concepts")
}

pub(crate) fn load_fixtures() -> Vec<(Fixture, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("tests/concepts exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (parse_fixture(path, &text), text)
        })
        .collect()
}

fn parse_fixture(path: PathBuf, text: &str) -> Fixture {
    let first = text.lines().next().unwrap_or("");
    let scope: Vec<String> = first
        .strip_prefix("# concepts:")
        .unwrap_or_else(|| panic!("{}: first line must be `# concepts: id, ...`", path.display()))
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for id in &scope {
        assert!(concept(id).is_some(), "{}: unknown concept {id}", path.display());
    }
    let mut positives = Vec::new();
    let mut negatives = Vec::new();
    let mut target: Option<u32> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let is_annotation = trimmed.starts_with('#')
            && (trimmed[1..].trim_start().starts_with('^') || trimmed[1..].trim_start().starts_with("<-"));
        if !is_annotation {
            target = Some(i as u32);
            continue;
        }
        let target_line =
            target.unwrap_or_else(|| panic!("{}:{}: annotation with no line above", path.display(), i + 1));
        let chars: Vec<char> = line.chars().collect();
        let (start, end, rest) = if let Some(pos) = line.find("<-") {
            (0, None, &line[pos + 2..])
        } else {
            let first = chars.iter().position(|&c| c == '^').unwrap();
            let mut last = first;
            while last + 1 < chars.len() && chars[last + 1] == '^' {
                last += 1;
            }
            let byte_after: usize = chars[..=last].iter().map(|c| c.len_utf8()).sum();
            (first as u32, Some(last as u32 + 1), &line[byte_after..])
        };
        for word in rest.split_whitespace() {
            let (negative, id) = match word.strip_prefix('!') {
                Some(id) => (true, id),
                None => (false, word),
            };
            assert!(concept(id).is_some(), "{}:{}: unknown concept {id}", path.display(), i + 1);
            assert!(
                scope.iter().any(|s| s == id),
                "{}:{}: {id} is not in the fixture's `# concepts:` line",
                path.display(),
                i + 1
            );
            let mark = Mark { line: target_line, start, end, concept: id.to_string() };
            if negative {
                negatives.push(mark);
            } else {
                positives.push(mark);
            }
        }
    }
    Fixture { path, scope, positives, negatives }
}

/// Checks one fixture; returns its problems.
fn check_fixture(fixture: &Fixture, text: &str) -> Vec<String> {
    let tree = parse_str(text).unwrap();
    let findings = analyze(&tree, Text::Str(text));
    let index = LineIndex::new(text);
    let name = fixture.path.file_name().unwrap().to_string_lossy();
    let mut found: Vec<Mark> = Vec::new();
    for f in findings.iter().filter(|f| fixture.scope.iter().any(|s| s == f.id())) {
        let a = index.line_col(text, f.range.start, Encoding::Utf32);
        let b = index.line_col(text, f.range.end, Encoding::Utf32);
        found.push(Mark {
            line: a.line,
            start: a.col,
            end: (a.line == b.line).then_some(b.col),
            concept: f.id().to_string(),
        });
    }
    let mut problems = Vec::new();
    let mut unmatched: Vec<&Mark> = found.iter().collect();
    for want in &fixture.positives {
        let hit = unmatched.iter().position(|got| {
            got.line == want.line
                && got.start == want.start
                && got.concept == want.concept
                && (want.end.is_none() || got.end.is_none() || got.end == want.end)
        });
        match hit {
            Some(i) => {
                unmatched.remove(i);
            }
            None => {
                let near: Vec<String> = found
                    .iter()
                    .filter(|g| g.line == want.line)
                    .map(|g| format!("{}@{}..{:?}", g.concept, g.start, g.end))
                    .collect();
                problems.push(format!(
                    "{name}:{}: expected {} at columns {}..{:?}, found on that line: {near:?}",
                    want.line + 1,
                    want.concept,
                    want.start,
                    want.end
                ));
            }
        }
    }
    for got in unmatched {
        problems.push(format!(
            "{name}:{}: unexpected {} at columns {}..{:?}",
            got.line + 1,
            got.concept,
            got.start,
            got.end
        ));
    }
    for neg in &fixture.negatives {
        let end = neg.end.unwrap_or(u32::MAX);
        if found.iter().any(|g| g.concept == neg.concept && g.line == neg.line && g.start >= neg.start && g.start < end)
        {
            problems.push(format!("{name}:{}: {} must not be reported here", neg.line + 1, neg.concept));
        }
    }
    problems
}

#[test]
fn concept_fixtures() {
    let fixtures = load_fixtures();
    assert!(!fixtures.is_empty());
    let mut problems = Vec::new();
    for (fixture, text) in &fixtures {
        problems.extend(check_fixture(fixture, text));
    }
    assert!(problems.is_empty(), "{} fixture problems:\n{}", problems.len(), problems.join("\n"));
}

/// Every concept has at least three positive and two negative fixture cases.
#[test]
fn every_implemented_concept_has_fixtures() {
    let counts = fixture_counts();
    let mut missing = Vec::new();
    for id in super::implemented_concepts() {
        let (pos, neg) = counts.get(id.name()).copied().unwrap_or((0, 0));
        if pos < 3 || neg < 2 {
            missing.push(format!("{} ({pos} positives, {neg} negatives)", id.name()));
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "concepts without fixtures: {missing:?}");
}

/// `(positives, negatives)` per concept id, over all fixtures.
pub(crate) fn fixture_counts() -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (fixture, _) in load_fixtures() {
        for m in &fixture.positives {
            counts.entry(m.concept.clone()).or_default().0 += 1;
        }
        for m in &fixture.negatives {
            counts.entry(m.concept.clone()).or_default().1 += 1;
        }
    }
    counts
}

#[test]
fn half_typed_code_still_yields_findings_for_what_parses() {
    let text = "def gen(items):\n    for x in items:\n        yield x\n\ndef broken(:\n    return [\n";
    let tree = parse_str(text).unwrap();
    let findings = analyze(&tree, Text::Str(text));
    assert!(findings.iter().any(|f| f.id() == "generator-function"), "{findings:?}");
    assert!(findings.len() < 10, "no error storm: {findings:?}");
}
