//! Findings as diagnostics: one per finding, code = concept id, link = its Q&A entry.

use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::convert;
use crate::check::message;
use crate::concepts::Finding;
use crate::deck::Deck;
use crate::document::Document;
use crate::position::Encoding;
use crate::settings::{Settings, Severity};

pub fn diagnostics(doc: &Document, deck: &Deck, settings: &Settings, enc: Encoding) -> Vec<Diagnostic> {
    doc.findings.iter().filter_map(|f| diagnostic(doc, f, deck, settings, enc)).collect()
}

fn diagnostic(doc: &Document, f: &Finding, deck: &Deck, settings: &Settings, enc: Encoding) -> Option<Diagnostic> {
    let severity = match settings.severity_for(f.concept) {
        Severity::Off => return None,
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    };
    let entry = deck.primary(f.id());
    Some(Diagnostic {
        range: convert::range(&doc.rope, &f.range, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.id().to_string())),
        code_description: entry.and_then(convert::entry_link).map(|href| CodeDescription { href }),
        source: Some("interview-prep".into()),
        message: message(f.id(), deck),
        data: Some(json!({ "concept": f.id(), "entry": entry.map(|e| e.id.as_str()) })),
        ..Default::default()
    })
}
