//! An open Python document: its text as a rope, its syntax tree edited in place on every change,
//! and the findings derived from them for the current version.

use std::cell::RefCell;
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::concepts::{analyze_full, Finding, Suppression};
use crate::position::{rope_byte, Encoding, LineCol};
use crate::text::Text;

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar is compiled in and its ABI checked by tests, so this cannot fail at run time.
    parser.set_language(&crate::concepts::engine::python()).expect("tree-sitter-python matches the tree-sitter ABI");
    parser
}

/// Parses a whole string (the CLI path).
pub fn parse_str(text: &str) -> Option<Tree> {
    PARSER.with(|p| p.borrow_mut().parse(text, None))
}

/// One change from `textDocument/didChange`: a range in the current text (or the whole text
/// when `None`) and what replaces it.
#[derive(Clone, Debug)]
pub struct Change {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// Why a change was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("version {got} is not newer than the document's version {have}")]
    StaleVersion { have: i32, got: i32 },
}

pub struct Document {
    pub version: i32,
    pub rope: Rope,
    pub tree: Tree,
    /// Findings for `version`; recomputed whenever the text changes.
    pub findings: Arc<Vec<Finding>>,
    /// The suppression comments of `version`.
    pub suppressions: Arc<Vec<Suppression>>,
    /// Whether the text has a `\r` that is not part of `\r\n`. Tree-sitter counts rows by `\n`
    /// only, while the rope (like LSP) also breaks lines at a lone `\r`; when both agree we can
    /// hand tree-sitter exact points for incremental edits, otherwise we reparse from scratch.
    lone_cr: bool,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        let rope = Rope::from_str(text);
        let tree = parse_rope(&rope, None);
        let lone_cr = has_lone_cr(&rope);
        let analysis = analyze_full(&tree, Text::Rope(&rope));
        Document {
            version,
            rope,
            tree,
            findings: Arc::new(analysis.findings),
            suppressions: Arc::new(analysis.suppressions),
            lone_cr,
        }
    }

    pub fn text(&self) -> Text<'_> {
        Text::Rope(&self.rope)
    }

    /// Applies the changes of one `didChange` in order, reparses incrementally once, and
    /// recomputes the findings. A version that does not increase is refused and nothing changes.
    pub fn apply(&mut self, version: i32, changes: &[Change], enc: Encoding) -> Result<(), DocumentError> {
        if version <= self.version {
            return Err(DocumentError::StaleVersion { have: self.version, got: version });
        }
        let mut incremental = true;
        for change in changes {
            // Whether this change may have created, joined or removed a lone `\r`.
            let mut near_cr = change.text.contains('\r');
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    incremental = false;
                    near_cr = true;
                }
                Some((start, end)) => {
                    let mut a = rope_byte(&self.rope, start, enc);
                    let mut b = rope_byte(&self.rope, end, enc);
                    if a > b {
                        std::mem::swap(&mut a, &mut b);
                    }
                    let edit = self.edit_bytes(a, b, &change.text);
                    if incremental && !self.lone_cr {
                        self.tree.edit(&edit);
                    } else {
                        incremental = false;
                    }
                    near_cr |= a > 0 && self.rope.byte(a - 1) == b'\r';
                }
            }
            if self.lone_cr || near_cr {
                self.lone_cr = has_lone_cr(&self.rope);
                if self.lone_cr {
                    incremental = false;
                }
            }
        }
        let old = incremental.then_some(&self.tree);
        self.tree = parse_rope(&self.rope, old);
        self.version = version;
        let analysis = analyze_full(&self.tree, Text::Rope(&self.rope));
        self.findings = Arc::new(analysis.findings);
        self.suppressions = Arc::new(analysis.suppressions);
        Ok(())
    }

    /// Replaces bytes `a..b` with `new` in the rope and returns the matching tree edit.
    fn edit_bytes(&mut self, a: usize, b: usize, new: &str) -> InputEdit {
        let start_position = self.point(a);
        let old_end_position = self.point(b);
        let ca = self.rope.byte_to_char(a);
        let cb = self.rope.byte_to_char(b);
        self.rope.remove(ca..cb);
        self.rope.insert(ca, new);
        let new_end_byte = a + new.len();
        InputEdit {
            start_byte: a,
            old_end_byte: b,
            new_end_byte,
            start_position,
            old_end_position,
            new_end_position: self.point(new_end_byte),
        }
    }

    /// Tree-sitter's point for a byte offset; exact while the text has no lone `\r`.
    fn point(&self, byte: usize) -> Point {
        let byte = byte.min(self.rope.len_bytes());
        let line = self.rope.byte_to_line(byte);
        Point { row: line, column: byte - self.rope.line_to_byte(line) }
    }

    /// The whole text, for tests and snapshots.
    pub fn text_string(&self) -> String {
        self.rope.to_string()
    }
}

/// Parses straight from the rope's chunks, without copying the text.
fn parse_rope(rope: &Rope, old: Option<&Tree>) -> Tree {
    let text = Text::Rope(rope);
    let tree = PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser.parse_with_options(&mut |byte, _| text.chunk_from(byte), old, None)
    });
    // Without a timeout or cancellation flag, parse only fails if no language is set.
    tree.expect("parser has a language and no timeout")
}

fn has_lone_cr(rope: &Rope) -> bool {
    let mut prev_cr = false;
    for chunk in rope.chunks() {
        for &b in chunk.as_bytes() {
            if prev_cr && b != b'\n' {
                return true;
            }
            prev_cr = b == b'\r';
        }
    }
    prev_cr
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> Change {
        Change { range: Some((LineCol { line: sl, col: sc }, LineCol { line: el, col: ec })), text: text.into() }
    }

    fn assert_fresh(doc: &Document) {
        let text = doc.text_string();
        let fresh = parse_str(&text).unwrap();
        assert_eq!(doc.tree.root_node().to_sexp(), fresh.root_node().to_sexp(), "tree differs for {text:?}");
        assert_eq!(*doc.findings, crate::concepts::analyze(&fresh, Text::Str(&text)));
    }

    #[test]
    fn incremental_edits_with_emoji_match_a_fresh_parse() {
        let mut doc = Document::new("def f():\n    return 1\n", 1);
        // Insert an emoji comment before the def, in UTF-16 units.
        doc.apply(2, &[change(0, 0, 0, 0, "# 😀 note\n")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), "# 😀 note\ndef f():\n    return 1\n");
        // Replace `1` on line 2 with a generator body.
        doc.apply(3, &[change(2, 4, 2, 12, "yield 1")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), "# 😀 note\ndef f():\n    yield 1\n");
        assert_fresh(&doc);
        assert!(doc.findings.iter().any(|f| f.id() == "generator-function"));
    }

    #[test]
    fn stale_versions_are_refused() {
        let mut doc = Document::new("x = 1\n", 5);
        let err = doc.apply(5, &[change(0, 0, 0, 0, "y")], Encoding::Utf16).unwrap_err();
        assert_eq!(err, DocumentError::StaleVersion { have: 5, got: 5 });
        assert_eq!(doc.text_string(), "x = 1\n");
    }

    #[test]
    fn crlf_and_lone_cr_stay_exact() {
        let mut doc = Document::new("def f():\r\n    return 1\r\n", 1);
        doc.apply(2, &[change(1, 11, 1, 12, "[]")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), "def f():\r\n    return []\r\n");
        assert_fresh(&doc);
        // Deleting the \n of a \r\n leaves a lone \r: the document falls back to a full parse.
        doc.apply(3, &[change(0, 8, 1, 0, "\r")], Encoding::Utf16).unwrap();
        assert!(doc.lone_cr);
        assert_fresh(&doc);
    }

    #[test]
    fn whole_text_replacement() {
        let mut doc = Document::new("a = 1\n", 1);
        doc.apply(2, &[Change { range: None, text: "def g(x=[]):\n    pass\n".into() }], Encoding::Utf16).unwrap();
        assert_fresh(&doc);
        assert!(doc.findings.iter().any(|f| f.id() == "mutable-default-argument"));
    }
}
