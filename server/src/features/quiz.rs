//! What a quiz started from code is about: the visible concepts of a document (or of a range of
//! it), each with the place it first occurs, quoted from that document with the path the user
//! knows it by.

use std::ops::Range;

use crate::quiz::{CodeLine, Found};
use crate::session::Snapshot;

/// The concepts of the visible findings inside `window` (the whole document when `None`),
/// restricted to `only` when it is not empty, in order of first appearance.
pub fn quiz_targets(snap: &Snapshot, window: Option<Range<usize>>, only: &[String]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for f in snap.visible() {
        if window.as_ref().is_some_and(|w| f.range.start < w.start || f.range.end > w.end) {
            continue;
        }
        if (!only.is_empty() && !only.iter().any(|c| c == f.id())) || found.iter().any(|x| x.concept == f.id()) {
            continue;
        }
        let (line, text) = snap.line_at(f.range.start);
        found.push(Found {
            concept: f.id().to_string(),
            at: Some(CodeLine { file: snap.shown.clone(), line, text }),
            file: snap.path.as_ref().map(|p| p.display().to_string()),
        });
    }
    found
}
