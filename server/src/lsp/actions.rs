//! Code actions on findings: the quick fix of a pitfall (preferred), "Explain", "Quiz me on this
//! concept", "Ignore here", "Ignore in this file" and "Hide in the project". Actions carry their
//! edits or a command with all it needs: nothing is remembered between requests.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::commands::{EXPLAIN, QUIZ_CONCEPT};
use super::{convert, project, State};
use crate::concepts::fixes::{fix_for, FixOptions};
use crate::concepts::Finding;
use crate::config;
use crate::settings::Severity;

pub fn code_action(state: &State, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let enc = state.encoding();
    let settings = project::settings_for(state, &uri);
    let Some(doc) = state.documents.get(&uri) else { return Ok(None) };
    let start = convert::offset(&doc.rope, params.range.start, enc);
    let end = convert::offset(&doc.rope, params.range.end, enc);
    let mut here: Vec<&Finding> = doc
        .findings
        .iter()
        .filter(|f| f.range.start <= end && start <= f.range.end)
        .filter(|f| settings.severity_for(f.concept) != Severity::Off)
        .collect();
    here.sort_by_key(|f| f.specificity());
    let options = FixOptions { timeout_seconds: settings.fix_timeout_seconds };
    let mut actions = Vec::new();
    let mut seen = Vec::new();
    for f in here {
        let diagnostic = params.context.diagnostics.iter().find(|d| {
            d.code == Some(NumberOrString::String(f.id().to_string()))
                && d.range == convert::range(&doc.rope, &f.range, enc)
        });
        let diagnostics = diagnostic.map(|d| vec![d.clone()]);
        if let Some(fix) = fix_for(f, &doc.tree, doc.text(), &options) {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit { range: convert::range(&doc.rope, &e.range, enc), new_text: e.text.clone() })
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostics.clone(),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
        // The other actions are per concept, once per request.
        if seen.contains(&f.id()) {
            continue;
        }
        seen.push(f.id());
        let title = f.title();
        let id = f.id();
        actions.push(command_action(
            &format!("Explain: {title}"),
            "quickfix.interview-prep.explain",
            EXPLAIN,
            json!({"concept": id}),
        ));
        actions.push(command_action(
            &format!("Quiz me on {title}"),
            "quickfix.interview-prep.quiz",
            QUIZ_CONCEPT,
            json!({"concept": id}),
        ));
        let line = doc.rope.byte_to_line(f.range.start.min(doc.rope.len_bytes()));
        actions.push(edit_action(
            &format!("Ignore {id} here"),
            diagnostics.clone(),
            &uri,
            ignore_here(&doc.rope, line, id, enc),
        ));
        actions.push(edit_action(
            &format!("Ignore {id} in this file"),
            diagnostics,
            &uri,
            ignore_in_file(&doc.rope, id, enc),
        ));
        if let Some(edit) = hide_in_project(state, &uri, id) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Hide {title} in this project"),
                kind: Some(CodeActionKind::new("quickfix.interview-prep.hide")),
                edit: Some(edit),
                ..Default::default()
            }));
        }
    }
    Ok(Some(actions))
}

fn command_action(title: &str, kind: &'static str, command: &str, args: serde_json::Value) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::new(kind)),
        command: Some(Command { title: title.to_string(), command: command.to_string(), arguments: Some(vec![args]) }),
        ..Default::default()
    })
}

fn edit_action(title: &str, diagnostics: Option<Vec<Diagnostic>>, uri: &Uri, edit: TextEdit) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::new("quickfix.interview-prep.ignore")),
        diagnostics,
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), vec![edit])])), ..Default::default() }),
        ..Default::default()
    })
}

const MARKER: &str = "interview-prep: ignore";

/// Adds the id to the line's suppression comment, or appends one.
fn ignore_here(rope: &ropey::Rope, line: usize, id: &str, enc: crate::position::Encoding) -> TextEdit {
    let text = rope.line(line).to_string();
    let content = text.trim_end_matches(['\n', '\r']);
    let line_start = rope.line_to_byte(line);
    if let Some(at) = content.find(&format!("{MARKER}[")) {
        let close = content[at..].find(']').map(|i| at + i);
        if let Some(close) = close {
            let pos = convert::position(rope, line_start + close, enc);
            return TextEdit { range: Range { start: pos, end: pos }, new_text: format!(", {id}") };
        }
    }
    let end = convert::position(rope, line_start + content.len(), enc);
    TextEdit { range: Range { start: end, end }, new_text: format!("  # {MARKER}[{id}]") }
}

/// Adds the id to the file's `ignore-file` comment, or inserts one at the top (after a shebang or
/// encoding line).
fn ignore_in_file(rope: &ropey::Rope, id: &str, enc: crate::position::Encoding) -> TextEdit {
    let file_marker = "interview-prep: ignore-file[";
    for (i, line) in rope.lines().enumerate().take(40) {
        let line = line.to_string();
        if let Some(at) = line.find(file_marker) {
            if let Some(close) = line[at..].find(']') {
                let pos = convert::position(rope, rope.line_to_byte(i) + at + close, enc);
                return TextEdit { range: Range { start: pos, end: pos }, new_text: format!(", {id}") };
            }
        }
    }
    let mut line = 0;
    while line < rope.len_lines() {
        let text = rope.line(line).to_string();
        if text.starts_with("#!") || (text.starts_with('#') && text.contains("coding")) {
            line += 1;
        } else {
            break;
        }
    }
    let nl = if rope.line(0).to_string().ends_with("\r\n") { "\r\n" } else { "\n" };
    let at = Position { line: line as u32, character: 0 };
    TextEdit { range: Range { start: at, end: at }, new_text: format!("# {MARKER}-file[{id}]{nl}") }
}

/// An edit that adds the id to the project's ignore list: the governing config file, else the
/// project's `pyproject.toml` (gaining a `[tool.interview-prep]` table), else a new
/// `.interview-prep.toml` at the workspace root (or beside the file).
fn hide_in_project(state: &State, uri: &Uri, id: &str) -> Option<WorkspaceEdit> {
    let dir = project::document_dir(uri)?;
    let roots = state.workspace_roots.read().unwrap_or_else(|e| e.into_inner()).clone();
    let root = roots.iter().find(|r| dir.starts_with(r)).cloned().unwrap_or(dir.clone());
    let pyproject =
        dir.ancestors().take_while(|d| d.starts_with(&root)).map(|d| d.join(config::PYPROJECT)).find(|p| p.is_file());
    let existing = config::find(&dir).or(pyproject);
    let target: PathBuf = match &existing {
        Some(p) => p.clone(),
        None => root.join(config::DEDICATED_FILE),
    };
    let current = existing.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
    let new_text = config::with_ignored(&target, current.as_deref(), id).ok()?;
    let target_uri = Uri::from_file_path(&target)?;
    let whole = match &current {
        Some(text) => {
            let index = crate::position::LineIndex::new(text);
            let end = index.line_col(text, text.len(), crate::position::Encoding::Utf16);
            Range { start: Position { line: 0, character: 0 }, end: Position { line: end.line, character: end.col } }
        }
        None => Range::default(),
    };
    let text_edit = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: target_uri.clone(), version: None },
        edits: vec![OneOf::Left(TextEdit { range: whole, new_text })],
    };
    let mut ops = Vec::new();
    if current.is_none() {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: target_uri,
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })));
    }
    ops.push(DocumentChangeOperation::Edit(text_edit));
    Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() })
}
