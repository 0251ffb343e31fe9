//! Conversions between the core's byte ranges and LSP positions, in the negotiated encoding.

use std::ops::Range as Bytes;

use ropey::Rope;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use crate::features::definition::EntryLocation;
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

/// Byte range of an LSP range (clamped, start before end).
pub fn bytes(rope: &Rope, r: Range, enc: Encoding) -> Bytes<usize> {
    let (a, b) = (offset(rope, r.start, enc), offset(rope, r.end, enc));
    a.min(b)..a.max(b)
}

/// An entry's heading as a location.
pub fn location(at: &EntryLocation) -> Option<Location> {
    let uri = Uri::from_file_path(&at.path)?;
    let line = at.line.saturating_sub(1) as u32;
    Some(Location {
        uri,
        range: Range { start: Position { line, character: 0 }, end: Position { line, character: 0 } },
    })
}
