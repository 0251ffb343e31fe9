//! Code lenses: one on the file ("6 concepts · 2 due · Quiz") and one on each top-level def or
//! class that holds visible findings ("3 concepts · Quiz", "K due" when some are). Titles stay
//! short; which concepts they are is in `details` (a tooltip where the editor shows one).
//! Due counts come from the shared progress store, so a quiz in another editor shows here at the
//! next refresh.

use std::ops::Range;

use crate::concepts::Finding;
use crate::session::Snapshot;

/// What a lens quizzes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LensTarget {
    /// The whole file.
    File,
    /// One top-level def or class: its bytes.
    Range(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// Where the lens sits (a byte offset: the start of the file or of the def).
    pub at: usize,
    pub title: String,
    pub target: LensTarget,
    /// The concept ids under the lens, in order of first appearance.
    pub concepts: Vec<&'static str>,
    /// The concepts' titles, pitfalls first: what the lens is about.
    pub details: String,
}

pub fn lenses(snap: &Snapshot) -> Vec<Lens> {
    let due = |concepts: &[&str]| {
        snap.knowledge.as_ref().map_or(0, |k| k.due_for_concepts(&snap.deck, concepts.iter().copied()))
    };
    let visible: Vec<&Finding> = snap.visible().collect();
    let mut lenses = Vec::new();
    let concepts = distinct(visible.iter().copied());
    if !concepts.is_empty() {
        let title = short_title(concepts.len(), due(&concepts));
        lenses.push(Lens { at: 0, title, target: LensTarget::File, details: details(&concepts), concepts });
    }
    let root = snap.tree.root_node();
    let mut cursor = root.walk();
    for def in root.named_children(&mut cursor) {
        if !matches!(def.kind(), "function_definition" | "class_definition" | "decorated_definition") {
            continue;
        }
        let bytes = def.byte_range();
        // Findings are sorted by start: the ones in this def are one slice.
        let lo = visible.partition_point(|f| f.range.start < bytes.start);
        let hi = visible.partition_point(|f| f.range.start < bytes.end);
        let inside = distinct(visible[lo..hi].iter().copied().filter(|f| f.range.end <= bytes.end));
        if inside.is_empty() {
            continue;
        }
        let title = short_title(inside.len(), due(&inside));
        lenses.push(Lens {
            at: bytes.start,
            title,
            target: LensTarget::Range(bytes),
            details: details(&inside),
            concepts: inside,
        });
    }
    lenses
}

/// "6 concepts · 2 due · Quiz", "1 concept · Quiz".
fn short_title(concepts: usize, due: usize) -> String {
    let mut title = format!("{concepts} concept{}", if concepts == 1 { "" } else { "s" });
    if due > 0 {
        title.push_str(&format!(" · {due} due"));
    }
    title.push_str(" · Quiz");
    title
}

/// The concepts' titles, pitfalls first ("⚠ N+1 queries · QuerySets and laziness · Generators").
fn details(concepts: &[&'static str]) -> String {
    let mut infos: Vec<&crate::concepts::Concept> =
        concepts.iter().filter_map(|id| crate::concepts::concept(id)).map(|c| c.info()).collect();
    infos.sort_by_key(|c| c.kind);
    infos
        .iter()
        .map(|c| if c.kind == crate::concepts::Kind::Pitfall { format!("⚠ {}", c.title) } else { c.title.to_string() })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Concept ids in order of first appearance.
fn distinct<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in findings {
        if !out.contains(&f.id()) {
            out.push(f.id());
        }
    }
    out
}
