//! `textDocument/codeAction`: `features::actions` as code actions. Edits become workspace
//! edits in the negotiated encoding (a config file's positions are counted in its own text);
//! commands carry their typed arguments.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::ext::{ExplainArgs, HideInProjectArgs, QuizConceptArgs, ServerCommand};
use super::{convert, State};
use crate::concepts::fixes::Edit;
use crate::features::actions::{actions, Action};

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
        .map(|action| {
            CodeActionOrCommand::CodeAction(match action {
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
                // A command, not an edit: the server applies it, says what it wrote and offers
                // to undo it.
                Action::HideInProject { title, concept, .. } => command_action(
                    title,
                    "quickfix.interview-prep.hide",
                    ServerCommand::HideInProject(HideInProjectArgs {
                        concept: concept.name().into(),
                        uri: uri.to_string(),
                    }),
                ),
            })
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
