//! `textDocument/codeLens`: `features::lens` with their commands. Lens arguments carry
//! everything the command needs (uri, version, range, concepts): lenses are stateless.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::ext::{QuizFileArgs, QuizRangeArgs, ServerCommand};
use super::{convert, State};
use crate::features::lens::{lenses, LensTarget};

pub fn code_lens(state: &Arc<State>, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some(snap) = state.snapshot(&uri) else { return Ok(None) };
    let out = lenses(&snap)
        .into_iter()
        .map(|lens| {
            let at = convert::position(&snap.rope, lens.at, snap.encoding);
            let command = match lens.target {
                LensTarget::File => {
                    ServerCommand::QuizFile(QuizFileArgs { uri: uri.to_string(), ..Default::default() })
                }
                LensTarget::Range(bytes) => ServerCommand::QuizRange(QuizRangeArgs {
                    uri: uri.to_string(),
                    version: Some(snap.version),
                    range: convert::range(&snap.rope, &bytes, snap.encoding),
                    concepts: lens.concepts.iter().map(|c| c.to_string()).collect(),
                    ..Default::default()
                }),
            };
            // What the short title stands for, for a client that can show it (VS Code's tooltip).
            let data = serde_json::json!({ "details": lens.details });
            CodeLens {
                range: Range { start: at, end: at },
                command: Some(command.to_lsp(lens.title)),
                data: Some(data),
            }
        })
        .collect();
    Ok(Some(out))
}
