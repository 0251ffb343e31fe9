//! Which findings get a mark in the editor (a diagnostic), with what severity and message. Marks
//! are signal: every pitfall occurrence is marked, but a concept only where it first appears in
//! each def or class (the module counts as one), not on every line that uses it. A generated
//! Django migration gets one mark for being a migration; a test file gets marks for testing
//! concepts only (unless `conceptsInTests`). Pitfalls are marked everywhere, always at their
//! configured severity: with `adaptive` on, a concept whose card is well recalled drops one
//! step quieter (a hint disappears), a pitfall never does. Messages are the concept's title;
//! the question and the answer live in the hover.
//!
//! A finding without a mark is still there for hover, definition and quizzes.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::concepts::{ConceptId, Finding, Kind};
use crate::deck::Deck;
use crate::progress::summary::{Knowledge, Status};
use crate::session::Snapshot;
use crate::settings::{Settings, Severity};

/// One mark: a finding as the editor shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub range: Range<usize>,
    pub concept: ConceptId,
    /// Never `Off`: a finding that is not shown has no mark.
    pub severity: Severity,
    pub message: String,
    /// The entry the mark links to.
    pub entry: Option<String>,
    /// A link that opens that entry (`file://...#L12`).
    pub link: Option<String>,
    /// Where the user stands on that entry, when `adaptive` is on and progress was read.
    pub status: Option<Status>,
}

/// What a file is, for marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    Source,
    /// A test module: `test_*.py`, `*_test.py`, `tests.py`, `conftest.py`, or under `tests/`.
    Test,
    /// A generated Django migration: `migrations/0001_*.py`.
    Migration,
}

impl FileRole {
    pub fn of(path: Option<&std::path::Path>) -> FileRole {
        let Some(path) = path else { return FileRole::Source };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let parent = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("");
        if parent == "migrations" && name.starts_with(|c: char| c.is_ascii_digit()) {
            return FileRole::Migration;
        }
        let in_tests = path.components().any(|c| matches!(c.as_os_str().to_str(), Some("tests" | "test")));
        if in_tests
            || name.starts_with("test_")
            || name.ends_with("_test.py")
            || name == "tests.py"
            || name == "conftest.py"
        {
            return FileRole::Test;
        }
        FileRole::Source
    }
}

/// Concepts a test file is about.
const TESTING_CONCEPTS: &[&str] = &["unit-testing"];

/// The marks of a document version.
pub fn marks(snap: &Snapshot) -> Vec<Mark> {
    let role = FileRole::of(snap.path.as_deref());
    let scopes = Scopes::of(&snap.tree);
    // Everything but the range depends on the concept only: build it once per concept, not once
    // per finding (a large file has thousands of findings of a few dozen concepts).
    let mut templates: HashMap<ConceptId, Option<Mark>> = HashMap::new();
    let mut marked: HashSet<(ConceptId, usize)> = HashSet::new();
    let mut out = Vec::new();
    for f in snap.visible() {
        if f.kind() == Kind::Concept {
            let wanted = match role {
                FileRole::Migration => f.id() == "django-migration",
                FileRole::Test => snap.settings.concepts_in_tests || TESTING_CONCEPTS.contains(&f.id()),
                FileRole::Source => true,
            };
            // A migration's one mark is for the file; elsewhere one per def or class.
            let scope = if role == FileRole::Migration { 0 } else { scopes.innermost(f.range.start) };
            if !wanted || !marked.insert((f.concept, scope)) {
                continue;
            }
        }
        let template = templates
            .entry(f.concept)
            .or_insert_with(|| template(f, &snap.deck, &snap.settings, snap.knowledge.as_deref()));
        if let Some(t) = template {
            out.push(Mark { range: f.range.clone(), ..t.clone() });
        }
    }
    out
}

/// The defs and classes of a file, for "which one holds this byte".
struct Scopes {
    /// (start, end) of every def and class, sorted by start.
    spans: Vec<(usize, usize)>,
}

impl Scopes {
    /// One walk over the tree; nesting deeper than the analysis looks is not walked either.
    fn of(tree: &tree_sitter::Tree) -> Scopes {
        let mut spans = Vec::new();
        let mut cursor = tree.walk();
        let mut depth = 0usize;
        loop {
            let node = cursor.node();
            if matches!(node.kind(), "function_definition" | "class_definition") {
                spans.push((node.start_byte(), node.end_byte()));
            }
            if depth < crate::concepts::MAX_ANALYSED_DEPTH && cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return Scopes { spans };
                }
                depth -= 1;
            }
        }
    }

    /// The start of the innermost def or class that holds `byte`; 0 for the module.
    fn innermost(&self, byte: usize) -> usize {
        // Spans start in order and nest: the innermost holder is the last holder that starts at
        // or before `byte`.
        let upto = self.spans.partition_point(|&(start, _)| start <= byte);
        self.spans[..upto].iter().rev().find(|&&(start, end)| start <= byte && byte < end).map_or(0, |&(s, _)| s + 1)
    }
}

/// One step quieter: what a well-recalled concept is shown as.
pub fn quieter(s: Severity) -> Severity {
    match s {
        Severity::Error => Severity::Warning,
        Severity::Warning => Severity::Information,
        Severity::Information => Severity::Hint,
        Severity::Hint | Severity::Off => Severity::Off,
    }
}

/// The mark of a concept, without its range; `None` when the concept gets none.
fn template(f: &Finding, deck: &Deck, settings: &Settings, knowledge: Option<&Knowledge>) -> Option<Mark> {
    let status = knowledge.filter(|_| settings.adaptive).and_then(|k| k.concept_status(deck, f.id()));
    let base = settings.severity_for(f.concept);
    // What you recalled gets quieter; a pitfall in your code stays as loud as you set it.
    let severity = if status == Some(Status::Recalled) && f.kind() == Kind::Concept { quieter(base) } else { base };
    if severity == Severity::Off {
        return None;
    }
    let entry = deck.primary(f.id());
    Some(Mark {
        range: 0..0,
        concept: f.concept,
        severity,
        message: f.title().to_string(),
        entry: entry.map(|e| e.id.clone()),
        link: entry.and_then(super::definition::entry_link),
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn file_roles() {
        for (path, role) in [
            ("/w/shop/views.py", FileRole::Source),
            ("/w/shop/tests/test_views.py", FileRole::Test),
            ("/w/shop/test_views.py", FileRole::Test),
            ("/w/shop/views_test.py", FileRole::Test),
            ("/w/shop/tests.py", FileRole::Test),
            ("/w/conftest.py", FileRole::Test),
            ("/w/shop/migrations/0003_order_total.py", FileRole::Migration),
            ("/w/shop/migrations/__init__.py", FileRole::Source),
            ("/w/shop/contest.py", FileRole::Source),
        ] {
            assert_eq!(FileRole::of(Some(Path::new(path))), role, "{path}");
        }
    }
}
