//! Document synchronisation against an oracle: random sequences of `didChange` edits (astral
//! and CJK characters, combining marks, CRLF and lone CR, empty lines, edits at the very end,
//! positions past the end, whole-text replacements, brackets and strings that open and close)
//! applied to a `Document` (Python, Dockerfile, YAML and SQL texts) and to a plain `String`.
//! After every change the text must equal the oracle's, the incrementally edited tree a fresh
//! parse (every node: kind, bytes, points, error and missing flags, field), and the
//! incrementally updated findings a fresh analysis.

mod oracle;

use std::sync::{Arc, OnceLock};

use interview_prep::concepts::project::{self, ProjectIndex};
use interview_prep::concepts::{analyze_as_in, Project};
use interview_prep::document::{parse_as, Change, Document};
use interview_prep::language::Lang;
use interview_prep::position::{Encoding, LineCol};
use interview_prep::text::Text;
use oracle::{tree_difference, Oracle, BASES, FRAGMENTS};
use proptest::prelude::*;
use proptest::sample::Index;

/// A position chosen relative to the current text: any line including one past the last, any
/// column including inside a surrogate pair or UTF-8 sequence and past the line's end.
#[derive(Clone, Debug)]
struct Pos {
    line: Index,
    col: Index,
}

#[derive(Clone, Debug)]
enum Edit {
    Range {
        start: Pos,
        end: Pos,
        text: Vec<usize>,
    },
    /// A range reaching the very end of the text (past the last line).
    AtEnd {
        start: Pos,
        text: Vec<usize>,
    },
    /// A change without a range: the whole text.
    Whole {
        text: Vec<usize>,
    },
}

#[derive(Clone, Debug)]
enum Step {
    /// One `didChange` with these changes, applied in order.
    Change(Vec<Edit>),
    /// A `didChange` whose version does not increase: refused, nothing changes.
    Stale(Edit),
    /// Typing pauses: a tree reparsed with syntax errors is compared with a fresh parse.
    Pause,
}

fn pos() -> impl Strategy<Value = Pos> {
    (any::<Index>(), any::<Index>()).prop_map(|(line, col)| Pos { line, col })
}

fn fragments() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..FRAGMENTS.len(), 0..5)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        8 => (pos(), pos(), fragments()).prop_map(|(start, end, text)| Edit::Range { start, end, text }),
        2 => (pos(), fragments()).prop_map(|(start, text)| Edit::AtEnd { start, text }),
        1 => prop::collection::vec(0..FRAGMENTS.len(), 0..12).prop_map(|text| Edit::Whole { text }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => prop::collection::vec(edit(), 1..4).prop_map(Step::Change),
        1 => edit().prop_map(Step::Stale),
        4 => Just(Step::Pause),
    ]
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Utf16), Just(Encoding::Utf8), Just(Encoding::Utf32)]
}

fn join(pieces: &[usize]) -> String {
    pieces.iter().map(|&i| FRAGMENTS[i]).collect()
}

/// Resolves a chosen position against the oracle's current text.
fn resolve(p: &Pos, oracle: &Oracle, enc: Encoding) -> LineCol {
    let line = p.line.index(oracle.line_count() + 1);
    let col = p.col.index(oracle.line_width(line, enc) + 3);
    LineCol { line: line as u32, col: col as u32 }
}

/// The concrete change for an edit, given the text it applies to.
fn concrete(e: &Edit, oracle: &Oracle, enc: Encoding) -> Change {
    match e {
        Edit::Range { start, end, text } => {
            Change { range: Some((resolve(start, oracle, enc), resolve(end, oracle, enc))), text: join(text) }
        }
        Edit::AtEnd { start, text } => {
            let end = LineCol { line: oracle.line_count() as u32 + 2, col: 0 };
            Change { range: Some((resolve(start, oracle, enc), end)), text: join(text) }
        }
        Edit::Whole { text } => Change { range: None, text: join(text) },
    }
}

/// The document is analysed in the `shop` fixture project (its model index, as its `views.py`):
/// findings that depend on models in other files, and on the document's own models, are
/// compared too. The same index must give the same findings.
fn project() -> Project {
    static INDEX: OnceLock<Arc<ProjectIndex>> = OnceLock::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/concepts/shop");
    let index = INDEX.get_or_init(|| Arc::new(project::build(std::slice::from_ref(&dir)))).clone();
    Project::new(index, Some(dir.join("views.py")))
}

/// The text is always the oracle's. Everything the document derives must equal what a fresh
/// open of its text derives, unless it has a reparse with syntax errors still to verify (an
/// editor does that when typing pauses). A YAML document that only its content classifies is
/// classified again.
fn assert_matches_fresh(doc: &Document, oracle: &Oracle, opened: Lang) -> Result<(), TestCaseError> {
    let text = doc.text_string();
    prop_assert_eq!(&text, &oracle.text);
    if doc.unverified() {
        return Ok(());
    }
    let lang = opened.reclassify(&text);
    prop_assert_eq!(doc.lang, lang);
    let fresh = parse_as(lang.grammar(), &text).expect("parses");
    if let Some(diff) = tree_difference(&doc.tree, &fresh) {
        return Err(TestCaseError::fail(format!("tree differs from a fresh parse of {text:?}: {diff}")));
    }
    let analysis = analyze_as_in(lang, &fresh, Text::Str(&text), &project(), None);
    prop_assert_eq!(&*doc.findings, &analysis.findings, "findings differ for {:?}", text);
    prop_assert_eq!(&*doc.suppressions, &analysis.suppressions, "suppressions differ for {:?}", text);
    Ok(())
}

fn run(base: usize, enc: Encoding, steps: &[Step]) -> Result<(), TestCaseError> {
    let (lang, text) = BASES[base];
    let mut oracle = Oracle { text: text.to_string() };
    let mut doc = Document::open_in(lang, &oracle.text, 1, project());
    let mut version = 1;
    for s in steps {
        let before = oracle.text.clone();
        let mut sent = Vec::new();
        match s {
            Step::Change(edits) => {
                let mut changes = Vec::new();
                for e in edits {
                    // Each change's positions refer to the text after the ones before it.
                    let c = concrete(e, &oracle, enc);
                    oracle.apply(c.range, &c.text, enc);
                    changes.push(c);
                }
                version += 1;
                doc.apply(version, &changes, enc).expect("a newer version applies");
                sent = changes;
            }
            Step::Stale(e) => {
                let c = concrete(e, &oracle, enc);
                prop_assert!(doc.apply(version - 1, &[c], enc).is_err(), "an older version must be refused");
            }
            Step::Pause => {
                doc.verify();
                prop_assert!(!doc.unverified(), "verified");
            }
        }
        // Name the last step, so that a failure reproduces as a unit test.
        assert_matches_fresh(&doc, &oracle, lang)
            .map_err(|e| TestCaseError::fail(format!("{e}\nafter {sent:?} ({enc:?}) on {before:?}")))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Short sequences from every starting text, in every position encoding.
    #[test]
    fn edit_sequences_match_the_oracle(
        base in 0..BASES.len(),
        enc in encoding(),
        steps in prop::collection::vec(step(), 1..12),
    ) {
        run(base, enc, &steps)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Longer sessions, where text built by earlier edits is edited again.
    #[test]
    fn long_sessions_match_the_oracle(
        base in 0..BASES.len(),
        enc in encoding(),
        steps in prop::collection::vec(step(), 40..80),
    ) {
        run(base, enc, &steps)?;
    }
}

/// The oracle itself, on hand-checked cases: a wrong oracle would make the suite meaningless.
#[test]
fn oracle_follows_the_lsp_position_rules() {
    let o = Oracle { text: "a😀b\r\nc\rd\n中文".to_string() };
    assert_eq!(o.line_count(), 4);
    let at = |line, col, enc| o.byte_of(LineCol { line, col }, enc);
    // 'b' is after 'a' and a surrogate pair in UTF-16, after 5 bytes in UTF-8.
    assert_eq!(at(0, 3, Encoding::Utf16), 5);
    assert_eq!(at(0, 5, Encoding::Utf8), 5);
    assert_eq!(at(0, 2, Encoding::Utf32), 5);
    // Half a surrogate pair and the middle of a UTF-8 sequence count from the character's start.
    assert_eq!(at(0, 2, Encoding::Utf16), 1);
    assert_eq!(at(0, 3, Encoding::Utf8), 1);
    // Past the end of a line: before its CRLF; lone CR is a line break.
    assert_eq!(at(0, 40, Encoding::Utf16), 6);
    assert_eq!(at(2, 0, Encoding::Utf16), 10);
    // Past the last line: the end of the text.
    assert_eq!(at(9, 0, Encoding::Utf16), o.text.len());
    let mut o = o;
    o.apply(Some((LineCol { line: 3, col: 1 }, LineCol { line: 0, col: 1 })), "", Encoding::Utf16);
    assert_eq!(o.text, "a文");
}
