//! `textDocument/hover`: `features::hover` as LSP Markdown.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{convert, State};
use crate::features::hover::hover as hover_at;

pub fn hover(state: &Arc<State>, params: HoverParams) -> Result<Option<Hover>> {
    let pos = params.text_document_position_params;
    let Some(snap) = state.snapshot(&pos.text_document.uri) else { return Ok(None) };
    let offset = convert::offset(&snap.rope, pos.position, snap.encoding);
    Ok(hover_at(&snap, offset).map(|h| Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: h.markdown }),
        range: Some(convert::range(&snap.rope, &h.range, snap.encoding)),
    }))
}
