//! Document synchronisation against the oracle of `tests/sync`, on arbitrary bytes decoded into
//! a starting text and a sequence of `didChange` notifications. After every notification the
//! document's text must equal the oracle's, its tree a fresh parse, and its findings a fresh
//! analysis.

#![no_main]

#[path = "../../tests/sync/oracle.rs"]
mod oracle;

use interview_prep::concepts::analyze_as;
use interview_prep::document::{parse_as, Change, Document};
use interview_prep::language::Lang;
use interview_prep::position::{Encoding, LineCol};
use interview_prep::text::Text;
use libfuzzer_sys::fuzz_target;
use oracle::{tree_difference, Oracle, BASES, FRAGMENTS};

/// Reads the fuzzer's bytes as decisions; runs out as zeros.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        let wide = u16::from_le_bytes([self.byte(), self.byte()]) as usize;
        wide % n.max(1)
    }

    /// Inserted text: known fragments, or raw bytes read as (lossy) UTF-8 so that any character
    /// can appear.
    fn text(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.below(4) {
            if self.byte() % 4 == 0 {
                let len = self.below(12);
                let raw: Vec<u8> = (0..len).map(|_| self.byte()).collect();
                s.push_str(&String::from_utf8_lossy(&raw));
            } else {
                s.push_str(FRAGMENTS[self.below(FRAGMENTS.len())]);
            }
        }
        s
    }

    /// A position on the current text: any line up to one past the last, any column up to a
    /// few units past the line's end (inside characters too).
    fn pos(&mut self, oracle: &Oracle, enc: Encoding) -> LineCol {
        let line = self.below(oracle.line_count() + 1);
        let col = self.below(oracle.line_width(line, enc) + 3);
        LineCol { line: line as u32, col: col as u32 }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let enc = [Encoding::Utf16, Encoding::Utf8, Encoding::Utf32][input.below(3)];
    let (lang, text) = BASES[input.below(BASES.len())];
    let mut oracle = Oracle { text: text.to_string() };
    let mut doc = Document::open(lang, &oracle.text, 1);
    let mut version = 1;
    let mut changes = Vec::new();
    while !input.0.is_empty() && version < 64 {
        let change = match input.byte() % 8 {
            0 => Change { range: None, text: input.text() },
            1 => {
                // End of this notification: apply what has been collected.
                version += 1;
                doc.apply(version, &std::mem::take(&mut changes), enc).expect("newer version applies");
                // Sometimes typing pauses: a reparse with syntax errors is verified.
                if input.byte() % 2 == 0 {
                    doc.verify();
                }
                check(&doc, &oracle, lang);
                continue;
            }
            _ => {
                let start = input.pos(&oracle, enc);
                let end = input.pos(&oracle, enc);
                Change { range: Some((start, end)), text: input.text() }
            }
        };
        oracle.apply(change.range, &change.text, enc);
        changes.push(change);
    }
    doc.apply(version + 1, &changes, enc).expect("newer version applies");
    doc.verify();
    check(&doc, &oracle, lang);
});

/// The text is the oracle's; the rest is a fresh open's once nothing is left to verify.
fn check(doc: &Document, oracle: &Oracle, opened: Lang) {
    let text = doc.text_string();
    assert_eq!(text, oracle.text);
    if doc.unverified() {
        return;
    }
    let lang = opened.reclassify(&text);
    assert_eq!(doc.lang, lang);
    let fresh = parse_as(lang.grammar(), &text).expect("parses");
    if let Some(diff) = tree_difference(&doc.tree, &fresh) {
        panic!("tree differs from a fresh parse of {text:?}: {diff}");
    }
    let analysis = analyze_as(lang, &fresh, Text::Str(&text));
    assert_eq!(*doc.findings, analysis.findings, "findings differ for {text:?}");
    assert_eq!(*doc.suppressions, analysis.suppressions, "suppressions differ for {text:?}");
}
