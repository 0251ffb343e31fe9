//! Code actions on the visible findings in a range: the quick fix of a pitfall (preferred),
//! "Explain", "Quiz me on this concept", "Ignore here", "Ignore in this file" and "Hide in this
//! project". Each carries its edits (byte ranges) or what its command needs: nothing is
//! remembered between requests.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::concepts::fixes::{fix_for, Edit, FixOptions};
use crate::concepts::{ConceptId, Finding};
use crate::config::{self, MAX_CONFIG_BYTES};
use crate::language::Lang;
use crate::session::Snapshot;
use crate::text::Text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A pitfall's mechanical fix: edits to the document.
    Fix { title: String, finding: Range<usize>, concept: ConceptId, edits: Vec<Edit> },
    /// Open the concept's entry.
    Explain { title: String, concept: ConceptId },
    /// Quiz on the concept, quoting this occurrence.
    Quiz { title: String, concept: ConceptId, finding: Range<usize> },
    /// A suppression comment added to the document (this line, or the whole file).
    Ignore { title: String, finding: Range<usize>, concept: ConceptId, edit: Edit },
    /// The concept added to the project's `ignore` list in a config file.
    HideInProject {
        title: String,
        concept: ConceptId,
        /// The config file to edit (created when `create`).
        file: PathBuf,
        create: bool,
        /// The file's text as it is, which `edit`'s byte range points into.
        text: Arc<str>,
        edit: Edit,
    },
}

/// The actions for the visible findings that overlap `range`, most specific first.
pub fn actions(snap: &Snapshot, range: Range<usize>) -> Vec<Action> {
    let mut here: Vec<&Finding> =
        snap.visible().filter(|f| f.range.start <= range.end && range.start <= f.range.end).collect();
    here.sort_by_key(|f| f.specificity());
    let options = FixOptions { timeout_seconds: snap.settings.fix_timeout_seconds };
    let text = Text::Rope(&snap.rope);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for f in here {
        if let Some(fix) = fix_for(f, snap.lang, &snap.tree, text, &options) {
            out.push(Action::Fix { title: fix.title, finding: f.range.clone(), concept: f.concept, edits: fix.edits });
        }
        // The other actions are per concept, once per request.
        if seen.contains(&f.concept) {
            continue;
        }
        seen.push(f.concept);
        let (title, id) = (f.title(), f.id());
        out.push(Action::Explain { title: format!("Explain: {title}"), concept: f.concept });
        out.push(Action::Quiz { title: format!("Quiz me on {title}"), concept: f.concept, finding: f.range.clone() });
        let line = snap.rope.byte_to_line(f.range.start.min(snap.rope.len_bytes()));
        out.push(Action::Ignore {
            title: format!("Ignore {id} here"),
            finding: f.range.clone(),
            concept: f.concept,
            edit: ignore_here(&snap.rope, line, id, snap.lang),
        });
        out.push(Action::Ignore {
            title: format!("Ignore {id} in this file"),
            finding: f.range.clone(),
            concept: f.concept,
            edit: ignore_in_file(&snap.rope, id, snap.lang),
        });
        if let Some(action) = hide_in_project(snap, f.concept) {
            out.push(action);
        }
    }
    out
}

const MARKER: &str = "interview-prep: ignore";

/// Adds the id to the line's suppression comment, or appends one. Outside Python the comment
/// goes on a line of its own above (a Dockerfile allows no comment after an instruction), or
/// the id joins the suppression comment already there.
fn ignore_here(rope: &ropey::Rope, line: usize, id: &str, lang: Lang) -> Edit {
    let add_to = |line: usize| -> Option<Edit> {
        let text = rope.line(line).to_string();
        let at = text.find(&format!("{MARKER}["))?;
        let close = at + text[at..].find(']')?;
        let at = rope.line_to_byte(line) + close;
        Some(Edit { range: at..at, text: format!(", {id}") })
    };
    if let Some(edit) = add_to(line) {
        return edit;
    }
    let text = rope.line(line).to_string();
    let content = text.trim_end_matches(['\n', '\r']);
    let line_start = rope.line_to_byte(line);
    let comment = lang.comment();
    if lang == Lang::Python {
        let end = line_start + content.len();
        return Edit { range: end..end, text: format!("  {comment} {MARKER}[{id}]") };
    }
    let above = line.checked_sub(1).map(|l| rope.line(l).to_string()).unwrap_or_default();
    if above.trim_start().starts_with(comment) {
        if let Some(edit) = line.checked_sub(1).and_then(add_to) {
            return edit;
        }
    }
    let indent = &content[..content.len() - content.trim_start().len()];
    let nl = if text.ends_with("\r\n") { "\r\n" } else { "\n" };
    Edit { range: line_start..line_start, text: format!("{indent}{comment} {MARKER}[{id}]{nl}") }
}

/// Adds the id to the file's `ignore-file` comment, or inserts one at the top (after a shebang or
/// encoding line).
fn ignore_in_file(rope: &ropey::Rope, id: &str, lang: Lang) -> Edit {
    let file_marker = "interview-prep: ignore-file[";
    for (i, line) in rope.lines().enumerate().take(40) {
        let line = line.to_string();
        if let Some(at) = line.find(file_marker) {
            if let Some(close) = line[at..].find(']') {
                let at = rope.line_to_byte(i) + at + close;
                return Edit { range: at..at, text: format!(", {id}") };
            }
        }
    }
    let mut line = 0;
    while line < rope.len_lines() {
        let text = rope.line(line).to_string();
        // A shebang and an encoding line stay first in Python, parser directives in a
        // Dockerfile.
        let first = match lang {
            Lang::Python => text.starts_with("#!") || (text.starts_with('#') && text.contains("coding")),
            Lang::Dockerfile => ["# syntax=", "# escape=", "# check="].iter().any(|d| text.starts_with(d)),
            _ => false,
        };
        if first {
            line += 1;
        } else {
            break;
        }
    }
    let nl = if rope.line(0).to_string().ends_with("\r\n") { "\r\n" } else { "\n" };
    let at = rope.line_to_byte(line.min(rope.len_lines()));
    Edit { range: at..at, text: format!("{} {MARKER}-file[{id}]{nl}", lang.comment()) }
}

/// The concept added to the project's ignore list: in the governing config file, else the
/// project's `pyproject.toml` (gaining a `[tool.interview-prep]` table), else a new
/// `.interview-prep.toml` at the workspace root (or beside the file). The edit replaces only
/// what changes, never the whole file. `None` when the target cannot be read or is not TOML.
pub fn hide_in_project(snap: &Snapshot, concept: ConceptId) -> Option<Action> {
    let dir = snap.path.as_ref()?.parent()?.to_path_buf();
    let root = snap.workspace_root.clone().filter(|r| dir.starts_with(r)).unwrap_or_else(|| dir.clone());
    let (file, current): (PathBuf, Option<Arc<str>>) = match &snap.config {
        Some(loaded) if loaded.readable => (loaded.path.clone(), Some(Arc::from(loaded.text.as_str()))),
        Some(_) => return None,
        None => {
            let pyproject = dir
                .ancestors()
                .take_while(|d| d.starts_with(&root))
                .map(|d| d.join(config::PYPROJECT))
                .find(|p| p.is_file());
            match pyproject {
                Some(p) => {
                    let bytes = crate::fsutil::read_bounded(&p, MAX_CONFIG_BYTES).ok()?;
                    (p, Some(Arc::from(String::from_utf8(bytes).ok()?.as_str())))
                }
                None => (root.join(config::DEDICATED_FILE), None),
            }
        }
    };
    let old: &str = current.as_deref().unwrap_or("");
    let new = config::with_ignored(&file, current.as_deref(), concept.name()).ok()?;
    Some(Action::HideInProject {
        title: format!("Hide {} in this project", concept.info().title),
        concept,
        file,
        create: current.is_none(),
        edit: minimal_edit(old, &new),
        text: current.unwrap_or_else(|| Arc::from("")),
    })
}

/// One edit that turns `old` into `new`: the differing middle, between their common prefix and
/// suffix (on character boundaries).
pub fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_suffix = (old.len() - start).min(new.len() - start);
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit { range: start..old.len() - suffix, text: new[start..new.len() - suffix].to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_edit_replaces_only_the_middle() {
        let apply = |old: &str, e: &Edit| format!("{}{}{}", &old[..e.range.start], e.text, &old[e.range.end..]);
        for (old, new) in [
            ("a = 1\n", "a = 1\nignore = [\"x\"]\n"),
            ("ignore = [\"é\"]\n", "ignore = [\"é\", \"ü\"]\n"),
            ("", "ignore = [\"x\"]\n"),
            ("same", "same"),
            ("aé", "aè"),
        ] {
            let e = minimal_edit(old, new);
            assert_eq!(apply(old, &e), new, "{old:?} -> {new:?}");
            assert!(e.text.len() <= new.len());
        }
        let e = minimal_edit("x = 1\ny = 2\n", "x = 1\nz = 0\ny = 2\n");
        assert_eq!((e.range.clone(), e.text.as_str()), (6..6, "z = 0\n"));
    }
}
