//! `textDocument/definition`: from a finding to its entry's heading in the deck Markdown.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{convert, State};
use crate::features::definition::definition;

pub fn goto_definition(state: &Arc<State>, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
    let pos = params.text_document_position_params;
    let Some(snap) = state.snapshot(&pos.text_document.uri) else { return Ok(None) };
    let offset = convert::offset(&snap.rope, pos.position, snap.encoding);
    Ok(definition(&snap, offset).as_ref().and_then(convert::location).map(GotoDefinitionResponse::Scalar))
}
