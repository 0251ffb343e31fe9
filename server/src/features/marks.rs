//! Which findings get a mark in the editor (a diagnostic), with what severity and message. Marks
//! are signal: every pitfall occurrence is marked; the concepts interviewers make most of
//! (`quiz::select::relevance` 2: querysets, generators, context managers, caching...) where they
//! first appear in each top-level def or class (a class with its methods; the module's own
//! statements count as one); other concepts once per file; boilerplate every project has (a class
//! with bases, a decorator, logging set-up) not at all. A generated Django migration gets one
//! mark for being a migration; a test file gets marks for testing concepts only (unless
//! `conceptsInTests`). Pitfalls are marked everywhere, always at their
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
    /// Where else the mark is about: the loop of an N+1 query.
    pub related: Option<Range<usize>>,
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
    // Inside the workspace folder: a project that itself lives under `~/tests/` is not all tests.
    let within =
        snap.path.as_deref().map(|p| snap.workspace_root.as_deref().and_then(|r| p.strip_prefix(r).ok()).unwrap_or(p));
    let role = FileRole::of(within);
    let scopes = Scopes::of(&snap.tree);
    // Everything but the range depends on the concept only: build it once per concept, not once
    // per finding (a large file has thousands of findings of a few dozen concepts).
    let mut templates: HashMap<ConceptId, Option<Mark>> = HashMap::new();
    let mut marked: HashSet<(ConceptId, usize)> = HashSet::new();
    let mut out = Vec::new();
    for f in snap.visible() {
        if f.kind() == Kind::Concept {
            // What every project has (a class with bases, a decorator, logging set-up) is in the
            // hover and the quizzes, but marking it would bury the rest.
            let relevant = crate::quiz::select::relevance(f.id()) > 0;
            let wanted = match role {
                FileRole::Migration => f.id() == "django-migration",
                FileRole::Test => TESTING_CONCEPTS.contains(&f.id()) || (snap.settings.concepts_in_tests && relevant),
                FileRole::Source => relevant,
            };
            // A migration's one mark is for the file; elsewhere one per def or class.
            // The concepts interviewers make most of are marked in each top-level def or class
            // they appear in; the others once per file; a migration's one mark is for the file.
            let scope = if role != FileRole::Migration && crate::quiz::select::relevance(f.id()) >= 2 {
                scopes.holder(f.range.start)
            } else {
                0
            };
            if !wanted || !marked.insert((f.concept, scope)) {
                continue;
            }
        }
        let template = templates
            .entry(f.concept)
            .or_insert_with(|| template(f, &snap.deck, &snap.settings, snap.knowledge.as_deref()));
        if let Some(t) = template {
            out.push(Mark { range: f.range.clone(), related: f.related.clone(), ..t.clone() });
        }
    }
    out
}

/// The top-level defs and classes of a file, for "which one holds this byte". A class counts as
/// one place with its methods: `__init__` and `__str__` in every model, `*args` in every method
/// of a mixin, are one lesson per class, not one per method.
struct Scopes {
    /// (start, end) of every top-level def and class (decorators included), in order.
    spans: Vec<(usize, usize)>,
}

impl Scopes {
    fn of(tree: &tree_sitter::Tree) -> Scopes {
        let root = tree.root_node();
        let mut cursor = root.walk();
        let spans = root
            .children(&mut cursor)
            .filter(|n| matches!(n.kind(), "function_definition" | "class_definition" | "decorated_definition"))
            .map(|n| (n.start_byte(), n.end_byte()))
            .collect();
        Scopes { spans }
    }

    /// 1 + the start of the top-level def or class that holds `byte`; 0 for the module's own
    /// statements.
    fn holder(&self, byte: usize) -> usize {
        let upto = self.spans.partition_point(|&(start, _)| start <= byte);
        match upto.checked_sub(1).map(|i| self.spans[i]) {
            Some((start, end)) if byte < end => start + 1,
            _ => 0,
        }
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
        related: None,
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
