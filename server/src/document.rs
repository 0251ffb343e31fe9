//! An open document: its language, its text as a rope, its syntax tree edited in place on every
//! change, and the findings derived from them for the current version.

use std::cell::RefCell;
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use std::ops::Range;

use crate::concepts::{analyze_as, analyze_full, analyze_regions, Analysis, Finding, Suppression};
use crate::language::{Grammar, Lang};
use crate::position::{rope_byte, Encoding, LineCol};
use crate::text::Text;

thread_local! {
    /// One parser per grammar, by `Grammar as usize`.
    static PARSERS: [RefCell<Parser>; 4] = Grammar::ALL.map(|g| RefCell::new(new_parser(g)));
}

fn new_parser(grammar: Grammar) -> Parser {
    let mut parser = Parser::new();
    // The grammars are compiled in and their ABI checked by tests, so this cannot fail at run time.
    parser.set_language(&grammar.language()).expect("the grammar matches the tree-sitter ABI");
    parser
}

/// Parses a whole Python string (the CLI path).
pub fn parse_str(text: &str) -> Option<Tree> {
    parse_as(Grammar::Python, text)
}

/// Parses a whole string with a grammar.
pub fn parse_as(grammar: Grammar, text: &str) -> Option<Tree> {
    PARSERS.with(|p| p[grammar as usize].borrow_mut().parse(text, None))
}

/// Documents larger than this are kept in sync (text and tree) but not analysed. Real source
/// files stay far below it (the benchmark's 20,000-line file is under 1 MB); above it are
/// generated files, whose hundreds of thousands of findings would flood the editor and take
/// seconds to re-analyse on every keystroke.
pub const MAX_ANALYSED_BYTES: usize = 2 * 1024 * 1024;

/// Up to this size a text with syntax errors is also parsed from scratch after every change,
/// rather than trusting incremental error recovery; the findings are analysed from scratch only
/// when the two trees differ (rare), so the usual cost is one parse (a few milliseconds at the
/// limit in a release build). Above it, keystroke latency wins.
const MAX_ERROR_REPARSE_BYTES: usize = 256 * 1024;

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
    /// What the text is; for YAML whose name does not say, its content decides, again after
    /// every change.
    pub lang: Lang,
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
    /// A Python document.
    pub fn new(text: &str, version: i32) -> Self {
        Document::open(Lang::Python, text, version)
    }

    /// A document in any language.
    pub fn open(lang: Lang, text: &str, version: i32) -> Self {
        let rope = Rope::from_str(text);
        let tree = parse_rope(lang.grammar(), &rope, None);
        let lone_cr = has_lone_cr(&rope);
        let analysis = analyze_unless_too_large(lang, &tree, &rope);
        Document {
            lang,
            version,
            rope,
            tree,
            findings: Arc::new(analysis.findings),
            suppressions: Arc::new(analysis.suppressions),
            lone_cr,
        }
    }

    /// Whether the text is over [`MAX_ANALYSED_BYTES`], so it has no findings.
    pub fn too_large(&self) -> bool {
        self.rope.len_bytes() > MAX_ANALYSED_BYTES
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
        // Whether every change replaced only text inside one def's or method's body, so that
        // the findings can be updated region by region (not when the text was too large to
        // have any). Only Python is analysed region by region.
        let mut local = !self.too_large() && self.lang == Lang::Python;
        let mut edits: Vec<InputEdit> = Vec::new();
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
                    local = local && incremental && self.removes_only_body_text(a, b);
                    let edit = self.edit_bytes(a, b, &change.text);
                    if incremental && !self.lone_cr {
                        self.tree.edit(&edit);
                        edits.push(edit);
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
        // The edited old tree: the parser reuses it, and it tells what changed.
        let grammar = self.lang.grammar();
        let mut old = incremental.then(|| self.tree.clone());
        self.tree = parse_rope(grammar, &self.rope, old.as_ref());
        if old.is_some() && self.tree.root_node().has_error() && self.rope.len_bytes() <= MAX_ERROR_REPARSE_BYTES {
            // Error recovery after an incremental reparse can differ from a fresh parse's (the
            // oracle suite found a `try` that swallowed the statements after it): while the
            // text has syntax errors, parse it from scratch, so that the tree and the findings
            // do not depend on the edit history. When both trees agree, the incremental
            // analysis stands.
            let fresh = parse_rope(grammar, &self.rope, None);
            if !same_tree(&fresh, &self.tree) {
                self.tree = fresh;
                old = None;
            }
        }
        self.version = version;
        if matches!(self.lang, Lang::Kubernetes | Lang::Yaml) {
            self.lang = self.lang.reclassify(&self.rope.to_string());
        }
        let analysis = match old {
            _ if self.too_large() => Analysis::default(),
            Some(old) if !edits.is_empty() && local => self.reanalyze(&old, &edits),
            _ => analyze_as(self.lang, &self.tree, Text::Rope(&self.rope)),
        };
        self.findings = Arc::new(analysis.findings);
        self.suppressions = Arc::new(analysis.suppressions);
        Ok(())
    }

    /// Findings after incremental edits: only the top-level defs and classes the edits (and the
    /// reparse's changed ranges) touch are analysed again; the other findings are shifted. Any
    /// change at module level outside defs and classes (imports, assignments, comments), in a
    /// def's or class's header, or in a class body outside its methods can change what names
    /// resolve to or what a model's fields are, so it means a full analysis.
    fn reanalyze(&self, old: &Tree, edits: &[InputEdit]) -> Analysis {
        let text = Text::Rope(&self.rope);
        let full = || analyze_full(&self.tree, text);
        // What the user typed (mapped to the final text: later edits move earlier ranges), and
        // what the reparse says changed around it (error recovery can reach far).
        let mut typed: Vec<Range<usize>> = edits.iter().map(|e| e.start_byte..e.new_end_byte).collect();
        for (i, range) in typed.iter_mut().enumerate() {
            for e in &edits[i + 1..] {
                *range = shift_range(range.clone(), e).unwrap_or(e.start_byte..e.new_end_byte);
            }
        }
        let reparsed: Vec<Range<usize>> = old.changed_ranges(&self.tree).map(|r| r.start_byte..r.end_byte).collect();
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start <= b.end && b.start <= a.end;
        let root = self.tree.root_node();
        let mut regions: Vec<Range<usize>> = Vec::new();
        let mut cursor = root.walk();
        for stmt in root.children(&mut cursor) {
            let span = stmt.byte_range();
            let by_edit: Vec<&Range<usize>> = typed.iter().filter(|d| overlaps(d, &span)).collect();
            let by_reparse = reparsed.iter().any(|d| overlaps(d, &span));
            if by_edit.is_empty() && !by_reparse {
                continue;
            }
            let def = match stmt.kind() {
                "decorated_definition" => stmt.child_by_field_name("definition"),
                "function_definition" | "class_definition" => Some(stmt),
                _ => None,
            };
            let Some(def) = def else { return full() };
            let Some(body) = def.child_by_field_name("body") else { return full() };
            let header = span.start..body.start_byte();
            // Typing in a header (a name, bases, decorators, a signature) can change what names
            // resolve to elsewhere.
            if by_edit.iter().any(|d| overlaps(d, &header)) {
                return full();
            }
            if def.kind() == "class_definition" {
                // Only a method's body changed: analyse that method, not the whole class. Any
                // other change in a class (its fields) can change findings elsewhere.
                let changed: Vec<&Range<usize>> =
                    by_edit.iter().copied().chain(reparsed.iter().filter(|d| overlaps(d, &span))).collect();
                for d in changed {
                    match enclosing_method(body, d) {
                        Some(method) if !regions.contains(&method) => regions.push(method),
                        Some(_) => {}
                        None => return full(),
                    }
                }
                continue;
            }
            regions.push(span);
        }
        regions.sort_by_key(|r| r.start);
        // An edit outside every statement (trailing blank lines) changes no finding.
        let shifted_out = |r: &Range<usize>| -> Option<Range<usize>> {
            let mut r = r.clone();
            for e in edits {
                r = shift_range(r, e)?;
            }
            Some(r)
        };
        // Exactly the complement of what the region analysis reports (what lies inside a
        // region): a finding that only touches a region, such as `x is 1` just before a def
        // when error recovery leaves out the newline between them, is kept, not lost.
        let outside = |r: &Range<usize>| !regions.iter().any(|g| g.start <= r.start && r.end <= g.end);
        let suppressions: Vec<Suppression> = self
            .suppressions
            .iter()
            .filter_map(|s| {
                let range = shifted_out(&s.range)?;
                let line = shifted_out(&s.line)?;
                Some(Suppression { range, line, ..s.clone() })
            })
            .filter(|s| outside(&s.range))
            .collect();
        let fresh = analyze_regions(&self.tree, text, &regions, &suppressions);
        // A file-wide suppression written or removed inside a region changes every finding.
        let file_wide_changed = fresh.suppressions.iter().any(|s| s.file)
            || self.suppressions.iter().any(|s| s.file && shifted_out(&s.range).is_none_or(|r| !outside(&r)));
        if file_wide_changed {
            return full();
        }
        let mut findings: Vec<Finding> = self
            .findings
            .iter()
            .filter_map(|f| Some(Finding { range: shifted_out(&f.range)?, concept: f.concept }))
            .filter(|f| outside(&f.range))
            .collect();
        findings.extend(fresh.findings);
        findings.sort_unstable();
        let mut all_suppressions = suppressions;
        all_suppressions.extend(fresh.suppressions);
        all_suppressions.sort_by_key(|s| s.range.start);
        Analysis { findings, suppressions: all_suppressions }
    }

    /// Whether replacing bytes `a..b` of the current text removes only text inside the body of
    /// one top-level def or of one method. [`Self::reanalyze`] sees where the new text is, not
    /// what was removed: deleting an import, a class field or a whole statement from a range
    /// that ends inside a def would otherwise leave the findings that depended on it.
    fn removes_only_body_text(&self, a: usize, b: usize) -> bool {
        let root = self.tree.root_node();
        let mut cursor = root.walk();
        let Some(stmt) = root.children(&mut cursor).find(|s| s.start_byte() <= a && b <= s.end_byte()) else {
            return false;
        };
        let def = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_name("definition"),
            "function_definition" | "class_definition" => Some(stmt),
            _ => None,
        };
        let Some(body) = def.and_then(|d| d.child_by_field_name("body")) else { return false };
        if a < body.start_byte() {
            return false;
        }
        def.is_some_and(|d| d.kind() == "function_definition") || enclosing_method(body, &(a..b)).is_some()
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

/// Where a range of the text before an edit is after it: unchanged when it ends before the
/// edit, moved when it starts after it, `None` when the edit overlaps it.
fn shift_range(r: Range<usize>, e: &InputEdit) -> Option<Range<usize>> {
    if r.end <= e.start_byte {
        Some(r)
    } else if r.start >= e.old_end_byte {
        let delta = e.new_end_byte as isize - e.old_end_byte as isize;
        Some(r.start.checked_add_signed(delta)?..r.end.checked_add_signed(delta)?)
    } else {
        None
    }
}

/// The method (with its decorators) whose body holds a dirty range, if one does.
fn enclosing_method(body: tree_sitter::Node<'_>, d: &Range<usize>) -> Option<Range<usize>> {
    let mut c = body.walk();
    let found = body.named_children(&mut c).find(|m| {
        let def = match m.kind() {
            "decorated_definition" => m.child_by_field_name("definition"),
            "function_definition" => Some(*m),
            _ => None,
        };
        let Some(def) = def else { return false };
        let Some(mbody) = def.child_by_field_name("body") else { return false };
        mbody.start_byte() <= d.start && d.end <= m.end_byte()
    });
    found.map(|m| m.byte_range())
}

/// Parses straight from the rope's chunks, without copying the text.
/// Whether two trees have the same nodes (kind, byte range, field, missing) in the same shape.
fn same_tree(a: &Tree, b: &Tree) -> bool {
    let (mut x, mut y) = (a.walk(), b.walk());
    loop {
        let (m, n) = (x.node(), y.node());
        if m.kind_id() != n.kind_id()
            || m.byte_range() != n.byte_range()
            || m.is_missing() != n.is_missing()
            || x.field_id() != y.field_id()
        {
            return false;
        }
        let down = x.goto_first_child();
        if down != y.goto_first_child() {
            return false;
        }
        if down {
            continue;
        }
        loop {
            let (p, q) = (x.goto_next_sibling(), y.goto_next_sibling());
            if p != q {
                return false;
            }
            if p {
                break;
            }
            let (p, q) = (x.goto_parent(), y.goto_parent());
            if p != q {
                return false;
            }
            if !p {
                return true;
            }
        }
    }
}

fn parse_rope(grammar: Grammar, rope: &Rope, old: Option<&Tree>) -> Tree {
    let text = Text::Rope(rope);
    let tree = PARSERS.with(|p| {
        let mut parser = p[grammar as usize].borrow_mut();
        parser.parse_with_options(&mut |byte, _| text.chunk_from(byte), old, None)
    });
    // Without a timeout or cancellation flag, parse only fails if no language is set.
    tree.expect("parser has a language and no timeout")
}

fn analyze_unless_too_large(lang: Lang, tree: &Tree, rope: &Rope) -> Analysis {
    if rope.len_bytes() > MAX_ANALYSED_BYTES {
        return Analysis::default();
    }
    analyze_as(lang, tree, Text::Rope(rope))
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

    /// Found by the oracle suite (tests/sync): deleting module-level code (an import) with an
    /// edit that ends inside a def body left the findings that depended on it.
    #[test]
    fn deleting_an_import_from_inside_a_def_reanalyses_the_module() {
        let mut doc = Document::new("def f():\n    return 1\nimport requests\nrequests.get(u)\n", 1);
        assert!(doc.findings.iter().any(|f| f.id() == "missing-timeout"));
        doc.apply(2, &[change(1, 12, 2, 15, "")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), "def f():\n    return 1\nrequests.get(u)\n");
        assert_fresh(&doc);
    }

    /// Found by the oracle suite: after these two changes the incremental reparse recovered
    /// from the stray quote differently from a fresh parse (its `try` took in everything).
    #[test]
    fn a_text_with_syntax_errors_gets_the_tree_of_a_fresh_parse() {
        let text = "try:\n class M(models.Model):\n    name = models.CharField()\n'except Exception:\n    pass\n#def f(x=[]):\n    )x is 1e\u{301}한\n𝔘";
        let mut doc = Document::new(text, 1);
        let changes = [change(5, 6, 4, 9, ""), change(7, 2, 5, 15, "  # interview-prep: ignore\n𝔘}\\")];
        doc.apply(2, &changes, Encoding::Utf16).unwrap();
        assert_fresh(&doc);
    }

    #[test]
    fn same_tree_compares_kinds_ranges_and_shape() {
        let parse = |t: &str| parse_rope(Grammar::Python, &Rope::from_str(t), None);
        assert!(same_tree(&parse("def f(x):\n    return x\n"), &parse("def f(x):\n    return x\n")));
        assert!(!same_tree(&parse("def f(x):\n    return x\n"), &parse("def f(y):\n    return y\n  ")));
        assert!(!same_tree(&parse("f(x)\n"), &parse("f(x, y)\n")));
        assert!(!same_tree(&parse("a = [1\n"), &parse("a = [1]\n")));
    }

    #[test]
    fn files_over_the_size_limit_are_synced_but_not_analysed() {
        let block = "def gen():\n    yield 1\n";
        let big = block.repeat(MAX_ANALYSED_BYTES / block.len() + 1);
        let mut doc = Document::new(&big, 1);
        assert!(doc.too_large() && doc.findings.is_empty());
        // Cut down to two defs: analysed again, with the findings of a fresh open.
        let last = (big.len() / block.len() * 2 - 4) as u32;
        doc.apply(2, &[change(0, 0, last, 0, "")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), block.repeat(2));
        assert!(!doc.too_large());
        assert_fresh(&doc);
        assert!(doc.findings.iter().any(|f| f.id() == "generator-function"));
    }

    /// Found by the oracle suite: an empty change in a def dropped the finding of a statement
    /// that ends exactly where the def starts (no newline between them after error recovery).
    #[test]
    fn a_finding_touching_a_reanalysed_def_is_kept() {
        let mut doc = Document::new("x is 1async def g():\n    name = models.CharField()\n", 1);
        assert!(doc.findings.iter().any(|f| f.range == (0..6)));
        doc.apply(2, &[change(1, 26, 1, 26, "")], Encoding::Utf16).unwrap();
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

#[cfg(test)]
mod incremental {
    //! Incremental re-analysis must always equal a fresh analysis of the same text.
    use proptest::prelude::*;

    use super::*;

    const BASES: &[&str] = &[
        include_str!("../../tests/concepts/django_web.py"),
        include_str!("../../tests/concepts/classes.py"),
        include_str!("../../tests/concepts/tooling.py"),
        include_str!("../../tests/concepts/django_orm.py"),
    ];
    const PIECES: &[&str] = &[
        "",
        "x",
        " ",
        "\n",
        "\n    ",
        "yield 1\n",
        "def helper(a=[]):\n    return a\n",
        "'",
        "\"\"\"",
        ")",
        "(",
        ":",
        "#",
        "# interview-prep: ignore\n",
        "lambda: 0",
        "😀",
        "中文",
        "\r\n",
        "import pickle\n",
        "pickle.loads(b)",
        "    for o in Order.objects.all():\n        print(o.customer.name)\n",
        "class K:\n    pass\n",
        "@property\n",
        "async ",
        "await x",
        "is 1",
        "requests.get(u)",
    ];

    fn edit_strategy() -> impl Strategy<Value = (prop::sample::Index, prop::sample::Index, usize)> {
        (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..PIECES.len())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn incremental_findings_equal_a_fresh_analysis(
            base in 0..BASES.len(),
            edits in prop::collection::vec(edit_strategy(), 1..12),
        ) {
            let mut doc = Document::new(BASES[base], 1);
            for (version, (at, len, piece)) in edits.into_iter().enumerate() {
                let text = doc.text_string();
                let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let start = chars[at.index(chars.len())];
                let end_candidates: Vec<usize> = chars.iter().copied().filter(|&c| c >= start && c <= start + 40).collect();
                let end = end_candidates[len.index(end_candidates.len())];
                let index = crate::position::LineIndex::new(&text);
                let a = index.line_col(&text, start, Encoding::Utf16);
                let b = index.line_col(&text, end, Encoding::Utf16);
                let change = Change { range: Some((a, b)), text: PIECES[piece].to_string() };
                doc.apply(version as i32 + 2, &[change], Encoding::Utf16).unwrap();
                let now = doc.text_string();
                let fresh_tree = parse_str(&now).unwrap();
                let fresh = crate::concepts::analyze_full(&fresh_tree, Text::Str(&now));
                prop_assert_eq!(&*doc.findings, &fresh.findings, "text:\n{}", now);
                prop_assert_eq!(&*doc.suppressions, &fresh.suppressions);
            }
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// `cargo test --release --lib -- --ignored keystroke_timing_per_language --nocapture`: a
    /// keystroke (type a letter, delete it) at 100 places in a 2,000-line Kubernetes manifest, a
    /// 2,000-line SQL file and a 2,000-line Python module (`PY=file` for a real one).
    #[test]
    #[ignore]
    fn keystroke_timing_per_language() {
        let repeat = |unit: &str| unit.repeat(2000 / unit.lines().count() + 1);
        let manifest =
            repeat(include_str!("../../tests/concepts/kubernetes.yaml").replace("# concepts:", "---\n#").as_str());
        let sql = repeat(include_str!("../../tests/concepts/reports.sql"));
        let python = std::env::var("PY")
            .ok()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_else(|| repeat(include_str!("../../tests/concepts/django_orm.py")));
        for (name, lang, text) in
            [("kubernetes", Lang::Kubernetes, manifest), ("sql", Lang::Sql, sql), ("python", Lang::Python, python)]
        {
            let mut doc = Document::open(lang, &text, 1);
            let lines: Vec<&str> = text.lines().collect();
            let step = (lines.len() / 100).max(1);
            let mut times = Vec::new();
            let mut v = 1;
            for line in (0..lines.len()).step_by(step).filter(|&l| !lines[l].trim().is_empty()) {
                let col = lines[line].len() as u32;
                let at = LineCol { line: line as u32, col };
                for (end, t) in [(at, "q"), (LineCol { line: line as u32, col: col + 1 }, "")] {
                    v += 1;
                    let started = std::time::Instant::now();
                    doc.apply(v, &[Change { range: Some((at, end)), text: t.into() }], Encoding::Utf16).unwrap();
                    times.push(started.elapsed());
                }
            }
            times.sort();
            let pick = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
            eprintln!(
                "{name}: {} lines, {} keystrokes: p50 {:?} p99 {:?} max {:?}",
                lines.len(),
                times.len(),
                pick(0.5),
                pick(0.99),
                pick(1.0)
            );
        }
    }

    /// `BIG=file cargo test --release -- --ignored edit_timing --nocapture`.
    #[test]
    #[ignore]
    fn edit_timing() {
        let path = std::env::var("BIG").unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc = Document::new(&text, 1);
        let lines: Vec<&str> = text.lines().collect();
        let sites: Vec<u32> = (0..lines.len() as u32).filter(|&i| lines[i as usize].starts_with("        x")).collect();
        let sites: Vec<u32> = (0..lines.len() as u32)
            .filter(|&i| {
                let l = lines[i as usize];
                let first = l.trim_start().split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
                l.starts_with("        ")
                    && first.starts_with(|c: char| c.is_ascii_lowercase())
                    && ![
                        "if", "for", "return", "else", "elif", "while", "with", "try", "raise", "yield", "del", "pass",
                        "import", "from", "def", "class", "assert", "not", "and", "or", "in", "is", "await", "async",
                        "except", "finally", "lambda", "continue", "break", "global", "print",
                    ]
                    .contains(&first)
            })
            .step_by(50)
            .take(100)
            .chain(sites)
            .collect();
        let mut times = Vec::new();
        let mut v = 1;
        for line in sites {
            let l = lines[line as usize];
            let indent = l.len() - l.trim_start().len();
            let word = l[indent..].find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(1).max(1);
            let col = (indent + word) as u32;
            let at = LineCol { line, col };
            for (end, t) in [(at, "q"), (LineCol { line, col: col + 1 }, "")] {
                v += 1;
                let started = std::time::Instant::now();
                doc.apply(v, &[Change { range: Some((at, end)), text: t.into() }], Encoding::Utf16).unwrap();
                times.push(started.elapsed());
            }
        }
        times.sort();
        eprintln!(
            "apply p50 {:?} p90 {:?} p99 {:?} max {:?}",
            times[times.len() / 2],
            times[times.len() * 9 / 10],
            times[times.len() * 99 / 100],
            times.last().unwrap()
        );
    }
}
