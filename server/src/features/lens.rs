//! Code lenses: one on the file ("N interview concepts · K due · Quiz me") and one on each
//! top-level def or class that holds visible findings (its concepts, and "K due" when some are).
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
}

pub fn lenses(snap: &Snapshot) -> Vec<Lens> {
    let due = |concepts: &[&str]| {
        snap.knowledge.as_ref().map_or(0, |k| k.due_for_concepts(&snap.deck, concepts.iter().copied()))
    };
    let visible: Vec<&Finding> = snap.visible().collect();
    let mut lenses = Vec::new();
    let concepts = distinct(visible.iter().copied());
    if !concepts.is_empty() {
        let n = concepts.len();
        let title =
            format!("{n} interview concept{} · {} due · Quiz me", if n == 1 { "" } else { "s" }, due(&concepts));
        lenses.push(Lens { at: 0, title, target: LensTarget::File, concepts });
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
        let titles: Vec<&str> =
            inside.iter().filter_map(|id| crate::concepts::concept(id)).map(|c| c.info().title).collect();
        let named = match titles.len() {
            0..=3 => titles.join(", "),
            n => format!("{} +{}", titles[..3].join(", "), n - 3),
        };
        let title = match due(&inside) {
            0 => format!("{named} · Quiz me"),
            k => format!("{named} · {k} due · Quiz me"),
        };
        lenses.push(Lens { at: bytes.start, title, target: LensTarget::Range(bytes), concepts: inside });
    }
    lenses
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
