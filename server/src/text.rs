//! Read-only access to source text, whether it lives in a `&str` (the CLI) or a rope (an open
//! editor document), so that concept detection runs on both without copying.

use std::borrow::Cow;
use std::ops::Range;

use ropey::Rope;

/// Source text the detector reads. Copy-cheap: it only borrows.
#[derive(Clone, Copy)]
pub enum Text<'a> {
    Str(&'a str),
    Rope(&'a Rope),
}

impl<'a> Text<'a> {
    /// The text of a byte range; borrowed when it is contiguous in memory.
    pub fn slice(&self, range: Range<usize>) -> Cow<'a, str> {
        match *self {
            Text::Str(s) => Cow::Borrowed(s.get(range).unwrap_or("")),
            Text::Rope(r) => {
                let end = range.end.min(r.len_bytes());
                let start = range.start.min(end);
                let slice = r.byte_slice(start..end);
                match slice.as_str() {
                    Some(s) => Cow::Borrowed(s),
                    None => Cow::Owned(slice.to_string()),
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        match *self {
            Text::Str(s) => s.len(),
            Text::Rope(r) => r.len_bytes(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The chunks that make up a byte range, for tree-sitter's text predicates.
    pub fn chunks(&self, range: Range<usize>) -> Chunks<'a> {
        match *self {
            Text::Str(s) => Chunks::One(s.as_bytes().get(range)),
            Text::Rope(r) => {
                let end = range.end.min(r.len_bytes());
                let start = range.start.min(end);
                Chunks::Rope(r.byte_slice(start..end).chunks())
            }
        }
    }

    /// The text from `byte` to the end of its chunk: the parser's input callback.
    pub fn chunk_from(&self, byte: usize) -> &'a [u8] {
        match *self {
            Text::Str(s) => s.as_bytes().get(byte..).unwrap_or(&[]),
            Text::Rope(r) => {
                if byte >= r.len_bytes() {
                    return &[];
                }
                let (chunk, chunk_start, _, _) = r.chunk_at_byte(byte);
                &chunk.as_bytes()[byte - chunk_start..]
            }
        }
    }

    /// The byte at `index`, if any.
    pub fn byte(&self, index: usize) -> Option<u8> {
        match *self {
            Text::Str(s) => s.as_bytes().get(index).copied(),
            Text::Rope(r) => (index < r.len_bytes()).then(|| r.byte(index)),
        }
    }

    /// Byte offset of the start of the line holding `byte` (after a `\n` or `\r`).
    pub fn line_start(&self, byte: usize) -> usize {
        let mut i = byte;
        while i > 0 && !matches!(self.byte(i - 1), Some(b'\n' | b'\r')) {
            i -= 1;
        }
        i
    }

    /// Byte offset of the end of the line holding `byte`, before its line break.
    pub fn line_end(&self, byte: usize) -> usize {
        let mut i = byte;
        while i < self.len() && !matches!(self.byte(i), Some(b'\n' | b'\r')) {
            i += 1;
        }
        i
    }
}

/// Iterator over the byte chunks of a range of [`Text`].
pub enum Chunks<'a> {
    One(Option<&'a [u8]>),
    Rope(ropey::iter::Chunks<'a>),
}

impl<'a> Iterator for Chunks<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        match self {
            Chunks::One(slot) => slot.take(),
            Chunks::Rope(chunks) => chunks.next().map(str::as_bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_and_str_agree() {
        let s = "def f():\n    return '😀'\n".repeat(200);
        let rope = Rope::from_str(&s);
        let a = Text::Str(&s);
        let b = Text::Rope(&rope);
        for range in [0..5, 10..40, 100..3000, 4000..s.len()] {
            assert_eq!(a.slice(range.clone()), b.slice(range.clone()));
            let joined: Vec<u8> = b.chunks(range.clone()).flatten().copied().collect();
            assert_eq!(joined, s.as_bytes()[range].to_vec());
        }
        assert_eq!(b.chunk_from(s.len()), b"");
        assert_eq!(a.chunk_from(3), &s.as_bytes()[3..]);
    }
}
