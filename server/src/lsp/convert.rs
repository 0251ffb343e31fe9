//! Conversions between the core's byte ranges and LSP positions, and from deck entries to links.

use std::ops::Range as Bytes;
use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

use crate::deck::{cache::builtin_deck_dir, Entry, Origin};
use crate::position::{rope_byte, rope_line_col, Encoding, LineCol};

pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let lc = rope_line_col(rope, byte, enc);
    Position { line: lc.line, character: lc.col }
}

pub fn range(rope: &Rope, bytes: &Bytes<usize>, enc: Encoding) -> Range {
    Range { start: position(rope, bytes.start, enc), end: position(rope, bytes.end, enc) }
}

pub fn line_col(p: Position) -> LineCol {
    LineCol { line: p.line, col: p.character }
}

/// Byte offset of an LSP position (clamped into the document).
pub fn offset(rope: &Rope, p: Position, enc: Encoding) -> usize {
    rope_byte(rope, line_col(p), enc)
}

/// The file an entry lives in on disk (the built-in deck is written to the cache first).
pub fn entry_path(entry: &Entry) -> Option<std::path::PathBuf> {
    match &entry.origin {
        Origin::Builtin(name) => builtin_deck_dir().ok().map(|d| d.join(name)),
        Origin::File(path) => Some(path.clone()),
    }
}

/// `file:///.../topic.md#L12`: a link that opens the entry's heading.
pub fn entry_link(entry: &Entry) -> Option<Uri> {
    let path = entry_path(entry)?;
    let path = std::path::absolute(&path).unwrap_or(path);
    let uri = Uri::from_file_path(&path)?;
    Uri::from_str(&format!("{}#L{}", uri.as_str(), entry.line)).ok()
}
