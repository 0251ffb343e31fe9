//! The one place that converts between byte offsets (what tree-sitter and the detector use) and
//! line/column positions (what editors and the CLI show), in UTF-8, UTF-16 or UTF-32 units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification says; the rope is built with
//! ropey's `cr_lines` feature so that its line index agrees.

use ropey::Rope;

/// The unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// LSP's default.
    #[default]
    Utf16,
    /// Characters (Unicode scalar values): what the CLI prints.
    Utf32,
}

impl Encoding {
    /// Width of `s` in this encoding's units.
    pub fn width(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => s.chars().count(),
        }
    }
}

/// A zero-based line and column, the column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line/column of a byte offset in a rope. Offsets past the end clamp to the end; an offset inside
/// a character counts from that character's start.
pub fn rope_line_col(rope: &Rope, byte: usize, enc: Encoding) -> LineCol {
    let byte = byte.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(byte);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_char),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_char),
        Encoding::Utf32 => char_idx - line_char,
    };
    LineCol { line: line as u32, col: col as u32 }
}

/// Byte offset of a line/column in a rope. A line past the end clamps to the end of the text, a
/// column past the end of its line clamps to the line's end (before its line break), and a column
/// inside a character (half a surrogate pair, part of a UTF-8 sequence) rounds down to its start.
pub fn rope_byte(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_char(line);
    let content_end = line_start + line_content_chars(rope.line(line));
    let want = pos.col as usize;
    let char_idx = match enc {
        Encoding::Utf32 => line_start + want.min(content_end - line_start),
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(line_start);
            let end_cu = rope.char_to_utf16_cu(content_end);
            rope.utf16_cu_to_char((start_cu + want).min(end_cu))
        }
        Encoding::Utf8 => {
            let start_b = rope.char_to_byte(line_start);
            let end_b = rope.char_to_byte(content_end);
            rope.byte_to_char((start_b + want).min(end_b))
        }
    };
    rope.char_to_byte(char_idx)
}

/// Number of chars in a line without its line break.
fn line_content_chars(line: ropey::RopeSlice) -> usize {
    let n = line.len_chars();
    if n >= 2 && line.char(n - 2) == '\r' && line.char(n - 1) == '\n' {
        n - 2
    } else if n >= 1 && matches!(line.char(n - 1), '\n' | '\r') {
        n - 1
    } else {
        n
    }
}

/// Line starts of a plain string, for the CLI, which never builds a rope.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// Line/column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, byte: usize, enc: Encoding) -> LineCol {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let start = self.starts[line];
        LineCol { line: line as u32, col: enc.width(&text[start..byte]) as u32 }
    }

    /// The text of a zero-based line, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else { return "" };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a😀b\r\nc\rd\n中文x\n";

    #[test]
    fn rope_round_trips_every_char_boundary() {
        let rope = Rope::from_str(TEXT);
        let index = LineIndex::new(TEXT);
        for (byte, _) in TEXT.char_indices() {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let lc = rope_line_col(&rope, byte, enc);
                assert_eq!(lc, index.line_col(TEXT, byte, enc), "byte {byte} {enc:?}");
                let back = rope_byte(&rope, lc, enc);
                // A position on a line break maps back to the end of that line's content.
                assert!(back == byte || TEXT[back..byte].chars().all(|c| c == '\r' || c == '\n'));
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let rope = Rope::from_str(TEXT);
        // 'b' sits after 'a' (1 unit) and the emoji (2 UTF-16 units, 4 bytes).
        assert_eq!(rope_line_col(&rope, 5, Encoding::Utf16), LineCol { line: 0, col: 3 });
        assert_eq!(rope_byte(&rope, LineCol { line: 0, col: 3 }, Encoding::Utf16), 5);
        // Half a surrogate pair rounds down to the emoji's start.
        assert_eq!(rope_byte(&rope, LineCol { line: 0, col: 2 }, Encoding::Utf16), 1);
    }

    #[test]
    fn lone_cr_and_crlf_are_line_breaks() {
        let rope = Rope::from_str(TEXT);
        assert_eq!(rope.len_lines(), 5);
        assert_eq!(rope_byte(&rope, LineCol { line: 2, col: 0 }, Encoding::Utf16), TEXT.find('d').unwrap());
        // Column past the end of the line clamps before the CRLF.
        assert_eq!(rope_byte(&rope, LineCol { line: 0, col: 99 }, Encoding::Utf16), TEXT.find('\r').unwrap());
        // Line past the end clamps to the end.
        assert_eq!(rope_byte(&rope, LineCol { line: 99, col: 0 }, Encoding::Utf16), TEXT.len());
    }

    #[test]
    fn line_text_strips_breaks() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_text(TEXT, 0), "a😀b");
        assert_eq!(index.line_text(TEXT, 1), "c");
        assert_eq!(index.line_text(TEXT, 3), "中文x");
        assert_eq!(index.line_text(TEXT, 9), "");
    }
}
