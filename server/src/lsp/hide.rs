//! "Hide in this project" as a command: the server adds the concept to the project's `ignore`
//! (the governing config file, else the project's `pyproject.toml`, else a new
//! `.interview-prep.toml` at the workspace folder), applies the edit through
//! `workspace/applyEdit`, says what it wrote, and offers to undo it.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::ext::{self, HideInProjectArgs};
use super::State;
use crate::concepts::fixes::Edit;
use crate::features::actions::{hide_in_project as plan, minimal_edit, Action};
use crate::position::LineIndex;

pub fn hide_in_project(state: &Arc<State>, args: HideInProjectArgs) -> Result<()> {
    let name = ext::HIDE_IN_PROJECT;
    let Some(concept) = crate::concepts::concept(&args.concept) else {
        return Err(Error::invalid_params(format!("{name}: unknown concept `{}`", args.concept)));
    };
    let uri: Uri = args.uri.parse().map_err(|_| Error::invalid_params(format!("{name}: bad argument `uri`")))?;
    let snap =
        state.snapshot(&uri).ok_or_else(|| Error::invalid_params(format!("{name}: {} is not open", uri.as_str())))?;
    let Some(Action::HideInProject { file, create, text, edit, .. }) = plan(&snap, concept) else {
        return Err(Error::invalid_params(format!("{name}: this file's project configuration cannot be edited")));
    };
    let enc = snap.encoding;
    let s = state.clone();
    tokio::spawn(async move {
        let Some(target) = Uri::from_file_path(&file) else { return };
        let applied = s.client.apply_edit(workspace_edit(&target, create, &text, &edit, enc)).await;
        if !applied.as_ref().is_ok_and(|r| r.applied) {
            let why =
                applied.ok().and_then(|r| r.failure_reason).unwrap_or_else(|| "the editor refused the edit".into());
            s.warn_once(format!("could not hide {} in {}: {why}", concept.name(), file.display())).await;
            return;
        }
        let shown = crate::session::shown_path(&file, &s.roots());
        let message = format!(
            "interview-prep: {} is hidden in this project: `{}` added to `ignore` in {shown}.",
            concept.info().title,
            concept.name()
        );
        let actions =
            ["Undo", "Open file"].map(|t| MessageActionItem { title: t.into(), properties: Default::default() });
        let picked = s.client.show_message_request(MessageType::INFO, message, Some(actions.to_vec())).await;
        match picked.ok().flatten().map(|a| a.title) {
            Some(t) if t == "Undo" => {
                // The file as the edit left it, back to what it was.
                let mut after = text.to_string();
                after.replace_range(edit.range.clone(), &edit.text);
                let undo = minimal_edit(&after, &text);
                let _ = s.client.apply_edit(workspace_edit(&target, false, &after, &undo, enc)).await;
            }
            Some(t) if t == "Open file" => {
                let params =
                    ShowDocumentParams { uri: target, external: Some(false), take_focus: Some(true), selection: None };
                let _ = s.client.show_document(params).await;
            }
            _ => {}
        }
    });
    Ok(())
}

/// An edit of a config file (created first when missing), its positions counted in the file's
/// own text in the negotiated encoding.
pub fn workspace_edit(
    target: &Uri,
    create: bool,
    text: &str,
    edit: &Edit,
    enc: crate::position::Encoding,
) -> WorkspaceEdit {
    let index = LineIndex::new(text);
    let at = |byte: usize| {
        let lc = index.line_col(text, byte, enc);
        Position { line: lc.line, character: lc.col }
    };
    let text_edit = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: target.clone(), version: None },
        edits: vec![OneOf::Left(TextEdit {
            range: Range { start: at(edit.range.start), end: at(edit.range.end) },
            new_text: edit.text.clone(),
        })],
    };
    let mut ops = Vec::new();
    if create {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: target.clone(),
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })));
    }
    ops.push(DocumentChangeOperation::Edit(text_edit));
    WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() }
}
