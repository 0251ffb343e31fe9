//! Findings as diagnostics: one per finding, code = concept id, link = its Q&A entry. With
//! `adaptive` on, a concept whose card is well recalled drops one step quieter (a hint
//! disappears), so what the editor shows follows what the user knows.

use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::convert;
use crate::check::message;
use crate::concepts::{ConceptId, Finding};
use crate::deck::Deck;
use crate::document::Document;
use crate::position::Encoding;
use crate::progress::summary::{Knowledge, Status};
use crate::settings::{Settings, Severity};

/// `knowledge`: what the user knows, when `adaptive` is on and the store could be read.
pub fn diagnostics(
    doc: &Document,
    deck: &Deck,
    settings: &Settings,
    enc: Encoding,
    knowledge: Option<&Knowledge>,
) -> Vec<Diagnostic> {
    // Everything but the range depends on the concept only: build it once per concept, not once
    // per finding (a large file has thousands of findings of a few dozen concepts).
    let mut templates: HashMap<ConceptId, Option<Diagnostic>> = HashMap::new();
    let mut out = Vec::with_capacity(doc.findings.len());
    for f in doc.findings.iter() {
        let template = templates.entry(f.concept).or_insert_with(|| template(f, deck, settings, knowledge));
        if let Some(t) = template {
            out.push(Diagnostic { range: convert::range(&doc.rope, &f.range, enc), ..t.clone() });
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

/// The diagnostic of a concept, without its range; `None` when the concept is not shown.
fn template(f: &Finding, deck: &Deck, settings: &Settings, knowledge: Option<&Knowledge>) -> Option<Diagnostic> {
    let status = knowledge.filter(|_| settings.adaptive).and_then(|k| k.concept_status(deck, f.id()));
    let base = settings.severity_for(f.concept);
    let shown = if status == Some(Status::Recalled) { quieter(base) } else { base };
    let severity = match shown {
        Severity::Off => return None,
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    };
    let entry = deck.primary(f.id());
    Some(Diagnostic {
        range: Range::default(),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.id().to_string())),
        code_description: entry.and_then(convert::entry_link).map(|href| CodeDescription { href }),
        source: Some("interview-prep".into()),
        message: message(f.id(), deck),
        data: Some(json!({ "concept": f.id(), "entry": entry.map(|e| e.id.as_str()), "status": status })),
        ..Default::default()
    })
}
