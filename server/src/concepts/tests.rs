//! The one driver for the caret-annotated fixtures in `tests/concepts/` (every language).
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fixtures::{fixture_counts, load_fixtures, Fixture, Mark};
use super::project::ProjectIndex;
use super::{analyze, analyze_as, analyze_in, Project};
use crate::document::{parse_as, parse_str};
use crate::language::Lang;
use crate::position::{Encoding, LineIndex};
use crate::text::Text;

/// Checks one fixture; returns its problems. A Python fixture in a directory of
/// `tests/concepts/` is analysed in that directory's project (its model index).
fn check_fixture(fixture: &Fixture, text: &str, projects: &mut HashMap<PathBuf, Arc<ProjectIndex>>) -> Vec<String> {
    let tree = parse_as(fixture.lang.grammar(), text).unwrap();
    let dir = fixture.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let findings = if fixture.lang != Lang::Python || dir == super::fixtures::fixture_dir() {
        analyze_as(fixture.lang, &tree, Text::Str(text)).findings
    } else {
        let index = projects.entry(dir.clone()).or_insert_with(|| Arc::new(super::project::build(&[dir]))).clone();
        analyze_in(&tree, Text::Str(text), &Project::new(index, Some(fixture.path.clone())), None).findings
    };
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
    let fixtures = load_fixtures(&super::fixtures::fixture_dir());
    assert!(!fixtures.is_empty());
    let mut problems = Vec::new();
    let mut projects = HashMap::new();
    for (fixture, text) in &fixtures {
        problems.extend(check_fixture(fixture, text, &mut projects));
    }
    assert!(problems.is_empty(), "{} fixture problems:\n{}", problems.len(), problems.join("\n"));
}

/// Every concept has at least three positive and two negative fixture cases.
#[test]
fn every_implemented_concept_has_fixtures() {
    let counts = fixture_counts(&super::fixtures::fixture_dir());
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

#[test]
fn half_typed_code_still_yields_findings_for_what_parses() {
    let text = "def gen(items):\n    for x in items:\n        yield x\n\ndef broken(:\n    return [\n";
    let tree = parse_str(text).unwrap();
    let findings = analyze(&tree, Text::Str(text));
    assert!(findings.iter().any(|f| f.id() == "generator-function"), "{findings:?}");
    assert!(findings.len() < 10, "no error storm: {findings:?}");
}

/// `docs/concepts.md` carries the current table (regenerate with
/// `interview-prep debug concepts-doc --write docs/concepts.md`).
#[test]
fn concepts_doc_is_current() {
    use super::fixtures::{concepts_table, fixture_dir, replace_generated};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/concepts.md");
    let text = std::fs::read_to_string(&path).expect("docs/concepts.md exists");
    let table = concepts_table(&fixture_dir());
    let updated = replace_generated(&text, &table).expect("docs/concepts.md has the generated-block markers");
    assert!(
        updated == text,
        "docs/concepts.md is stale: run `cargo run -- debug concepts-doc --write docs/concepts.md`"
    );
}

/// Deep nesting: every level of `f(f(...))` used to keep a match of every call pattern open
/// (quadratic, and 10,000 deep a crash inside tree-sitter), and every match walked its
/// ancestors. Nesting past `MAX_ANALYSED_DEPTH` is now skipped, and only it: the same call next to
/// the deep expression is still reported, and a shallow one inside it too.
#[test]
fn nesting_past_the_depth_limit_is_skipped_and_the_rest_of_the_file_analysed() {
    let depth = 3_000;
    let text = format!(
        "import requests\nx = f(requests.post(w), {}requests.get(u){})\ny = requests.get(v)\n",
        "f(".repeat(depth),
        ")".repeat(depth)
    );
    let tree = parse_str(&text).unwrap();
    let findings = analyze(&tree, Text::Str(&text));
    let reported = |needle: &str| {
        let at = text.find(needle).unwrap();
        findings.iter().any(|f| f.id() == "missing-timeout" && f.range.start == at)
    };
    assert!(!reported("requests.get(u)"), "3,000 levels deep: skipped");
    assert!(reported("requests.post(w)"), "a shallow call in the same statement");
    assert!(reported("requests.get(v)"), "the next statement");
}
