//! Code lenses: one on the file ("N interview concepts · K due · Quiz me") and one on each
//! top-level def or class that holds findings (its concepts, and "K due" when some are). Their
//! arguments carry everything the command needs (uri, version, range, concepts): lenses are
//! stateless. Due counts come from the shared progress store, so a quiz in another editor shows
//! here at the next refresh.

use std::sync::Arc;

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::commands::{QUIZ_FILE, QUIZ_RANGE};
use super::{convert, State};
use crate::concepts::Finding;
use crate::settings::Severity;

pub fn code_lens(state: &Arc<State>, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let enc = state.encoding();
    let settings = super::project::settings_for(state, &uri);
    // Read before taking the document guard: the store may be opened here for the first time.
    let knowledge = super::progress::knowledge(state);
    let deck = state.deck();
    let due = |concepts: &[&str]| knowledge.as_ref().map_or(0, |k| k.due_for_concepts(&deck, concepts.iter().copied()));
    let Some(doc) = state.documents.get(&uri) else { return Ok(None) };
    let visible: Vec<&Finding> =
        doc.findings.iter().filter(|f| settings.severity_for(f.concept) != Severity::Off).collect();
    let mut lenses = Vec::new();
    let concepts = distinct(visible.iter().copied());
    if !concepts.is_empty() {
        let n = concepts.len();
        let title =
            format!("{n} interview concept{} · {} due · Quiz me", if n == 1 { "" } else { "s" }, due(&concepts));
        let whole = convert::range(&doc.rope, &(0..doc.rope.len_bytes()), enc);
        let at = Range { start: Position { line: 0, character: 0 }, end: Position { line: 0, character: 0 } };
        lenses.push(lens(
            at,
            title,
            QUIZ_FILE,
            json!({"uri": uri.as_str(), "version": doc.version, "range": whole, "concepts": concepts}),
        ));
    }
    let root = doc.tree.root_node();
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
        let range = convert::range(&doc.rope, &bytes, enc);
        let at = Range { start: range.start, end: range.start };
        lenses.push(lens(
            at,
            title,
            QUIZ_RANGE,
            json!({"uri": uri.as_str(), "version": doc.version, "range": range, "concepts": inside}),
        ));
    }
    Ok(Some(lenses))
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

fn lens(range: Range, title: String, command: &str, args: serde_json::Value) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command { title, command: command.to_string(), arguments: Some(vec![args]) }),
        data: None,
    }
}
