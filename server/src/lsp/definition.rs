//! Go to definition from a finding to its entry's heading in the deck Markdown.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{convert, State};
use crate::concepts::Finding;

pub fn goto_definition(state: &State, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
    let pos = params.text_document_position_params;
    let enc = state.encoding();
    let finding = {
        let Some(doc) = state.documents.get(&pos.text_document.uri) else { return Ok(None) };
        let offset = convert::offset(&doc.rope, pos.position, enc);
        doc.findings
            .iter()
            .filter(|f| f.range.start <= offset && offset < f.range.end)
            .min_by_key(|f| f.specificity())
            .cloned()
    };
    let Some(finding): Option<Finding> = finding else { return Ok(None) };
    let deck = state.deck();
    let Some(entry) = deck.primary(finding.id()) else { return Ok(None) };
    let Some(path) = convert::entry_path(entry) else { return Ok(None) };
    let Some(uri) = Uri::from_file_path(std::path::absolute(&path).unwrap_or(path)) else { return Ok(None) };
    let line = entry.line.saturating_sub(1) as u32;
    let range = Range { start: Position { line, character: 0 }, end: Position { line, character: 0 } };
    Ok(Some(GotoDefinitionResponse::Scalar(Location { uri, range })))
}
