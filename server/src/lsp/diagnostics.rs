//! Marks (`features::marks`) as LSP diagnostics: code = concept id, link = its Q&A entry, `data`
//! = what an editor may use (concept, entry, review status).

use std::str::FromStr;

use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::convert;
use crate::features::marks::{marks, Mark};
use crate::session::Snapshot;
use crate::settings::Severity;

pub fn diagnostics(snap: &Snapshot, uri: &Uri) -> Vec<Diagnostic> {
    marks(snap).into_iter().map(|m| diagnostic(snap, uri, m)).collect()
}

fn diagnostic(snap: &Snapshot, uri: &Uri, m: Mark) -> Diagnostic {
    // An N+1 query points at what repeats it: the loop.
    let related_information = m.related.as_ref().map(|r| {
        vec![DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: convert::range(&snap.rope, r, snap.encoding) },
            message: "repeats for each item here".into(),
        }]
    });
    let severity = match m.severity {
        Severity::Hint | Severity::Off => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    };
    Diagnostic {
        range: convert::range(&snap.rope, &m.range, snap.encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(m.concept.name().to_string())),
        code_description: m.link.as_deref().and_then(|l| Uri::from_str(l).ok()).map(|href| CodeDescription { href }),
        source: Some("interview-prep".into()),
        message: m.message,
        data: Some(json!({ "concept": m.concept.name(), "entry": m.entry, "status": m.status })),
        related_information,
        ..Default::default()
    }
}
