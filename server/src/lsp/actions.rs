//! `textDocument/codeAction`: `features::actions` as code actions. Edits become workspace
//! edits in the negotiated encoding (a config file's positions are counted in its own text);
//! commands carry their typed arguments.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::ext::{ExplainArgs, QuizConceptArgs, ServerCommand};
use super::{convert, State};
use crate::concepts::fixes::Edit;
use crate::features::actions::{actions, Action};
use crate::position::LineIndex;
use crate::session::Snapshot;

pub fn code_action(state: &Arc<State>, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(snap) = state.snapshot(&uri) else { return Ok(None) };
    let window = convert::bytes(&snap.rope, params.range, snap.encoding);
    // The diagnostic an action resolves: the one the client sent for the same concept and range.
    let sent = |concept: &str, bytes: &std::ops::Range<usize>| {
        let range = convert::range(&snap.rope, bytes, snap.encoding);
        params
            .context
            .diagnostics
            .iter()
            .find(|d| d.code == Some(NumberOrString::String(concept.to_string())) && d.range == range)
            .map(|d| vec![d.clone()])
    };
    let doc_edit = |edits: &[Edit]| WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            edits
                .iter()
                .map(|e| TextEdit {
                    range: convert::range(&snap.rope, &e.range, snap.encoding),
                    new_text: e.text.clone(),
                })
                .collect(),
        )])),
        ..Default::default()
    };
    let out = actions(&snap, window)
        .into_iter()
        .filter_map(|action| {
            Some(CodeActionOrCommand::CodeAction(match action {
                Action::Fix { title, finding, concept, edits } => CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: sent(concept.name(), &finding),
                    edit: Some(doc_edit(&edits)),
                    is_preferred: Some(true),
                    ..Default::default()
                },
                Action::Explain { title, concept } => command_action(
                    title,
                    "quickfix.interview-prep.explain",
                    ServerCommand::Explain(ExplainArgs { concept: Some(concept.name().into()), entry: None }),
                ),
                Action::Quiz { title, concept, finding } => command_action(
                    title,
                    "quickfix.interview-prep.quiz",
                    ServerCommand::QuizConcept(QuizConceptArgs {
                        concept: concept.name().into(),
                        uri: Some(uri.to_string()),
                        range: Some(convert::range(&snap.rope, &finding, snap.encoding)),
                        ..Default::default()
                    }),
                ),
                Action::Ignore { title, finding, concept, edit } => CodeAction {
                    title,
                    kind: Some(CodeActionKind::new("quickfix.interview-prep.ignore")),
                    diagnostics: sent(concept.name(), &finding),
                    edit: Some(doc_edit(std::slice::from_ref(&edit))),
                    ..Default::default()
                },
                Action::HideInProject { title, file, create, text, edit, .. } => CodeAction {
                    title,
                    kind: Some(CodeActionKind::new("quickfix.interview-prep.hide")),
                    edit: Some(config_edit(&snap, &file, create, &text, &edit)?),
                    ..Default::default()
                },
            }))
        })
        .collect();
    Ok(Some(out))
}

fn command_action(title: String, kind: &'static str, command: ServerCommand) -> CodeAction {
    CodeAction {
        kind: Some(CodeActionKind::new(kind)),
        command: Some(command.to_lsp(title.clone())),
        title,
        ..Default::default()
    }
}

/// An edit of a config file (created first when missing), its positions counted in the file's
/// own text and the negotiated encoding.
fn config_edit(
    snap: &Snapshot,
    file: &std::path::Path,
    create: bool,
    text: &str,
    edit: &Edit,
) -> Option<WorkspaceEdit> {
    let target = Uri::from_file_path(file)?;
    let index = LineIndex::new(text);
    let at = |byte: usize| {
        let lc = index.line_col(text, byte, snap.encoding);
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
            uri: target,
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })));
    }
    ops.push(DocumentChangeOperation::Edit(text_edit));
    Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() })
}
