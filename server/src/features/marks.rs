//! Which findings get a mark in the editor (a diagnostic), with what severity and message. With
//! `adaptive` on, a concept whose card is well recalled drops one step quieter (a hint
//! disappears), so what the editor shows follows what the user knows.

use std::collections::HashMap;
use std::ops::Range;

use crate::concepts::{ConceptId, Finding};
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

/// The marks of a document version.
pub fn marks(snap: &Snapshot) -> Vec<Mark> {
    // Everything but the range depends on the concept only: build it once per concept, not once
    // per finding (a large file has thousands of findings of a few dozen concepts).
    let mut templates: HashMap<ConceptId, Option<Mark>> = HashMap::new();
    let mut out = Vec::with_capacity(snap.findings.len());
    for f in snap.visible() {
        let template = templates
            .entry(f.concept)
            .or_insert_with(|| template(f, &snap.deck, &snap.settings, snap.knowledge.as_deref()));
        if let Some(t) = template {
            out.push(Mark { range: f.range.clone(), ..t.clone() });
        }
    }
    out
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
    let severity = if status == Some(Status::Recalled) { quieter(base) } else { base };
    if severity == Severity::Off {
        return None;
    }
    let entry = deck.primary(f.id());
    Some(Mark {
        range: 0..0,
        concept: f.concept,
        severity,
        message: crate::check::message(f.id(), deck),
        entry: entry.map(|e| e.id.clone()),
        link: entry.and_then(super::definition::entry_link),
        status,
    })
}
