//! An open document: its language, its text as a rope, its syntax tree edited in place on every
//! change, and the findings derived from them for the current version.

use std::cell::RefCell;
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Node, Parser, Point, Tree};

use std::ops::Range;

use crate::concepts::project::{self, FileSummary, ProjectIndex};
use crate::concepts::{analyze_as_in, analyze_regions, Analysis, Finding, Project, Suppression};
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

/// Why a document is kept in sync but has no findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanalysed {
    /// Over [`MAX_ANALYSED_BYTES`] (the size, in bytes): generated code.
    TooLarge(usize),
    /// More lines than its grammar can read (the number of lines; see [`Grammar::max_lines`]).
    TooManyLines(usize),
}

impl Unanalysed {
    /// Why a text of this language is not analysed, if it is not.
    pub fn of(lang: Lang, bytes: usize, lines: usize) -> Option<Unanalysed> {
        if bytes > MAX_ANALYSED_BYTES {
            return Some(Unanalysed::TooLarge(bytes));
        }
        // Plain YAML has no rules: nothing is lost, so there is nothing to say.
        let max = lang.rule_dir().and(lang.grammar().max_lines())?;
        (lines > max).then_some(Unanalysed::TooManyLines(lines))
    }

    fn of_rope(lang: Lang, rope: &Rope) -> Option<Unanalysed> {
        // A line break at the end starts no line.
        let ends_with_break = rope.len_bytes() > 0 && matches!(rope.byte(rope.len_bytes() - 1), b'\n' | b'\r');
        Unanalysed::of(lang, rope.len_bytes(), rope.len_lines() - usize::from(ends_with_break))
    }
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
    /// The project the findings were derived in: the model index and this file's path.
    project: Project,
    /// What this version says about its models (its part of the project index).
    summary: Arc<FileSummary>,
    /// The whole summary `summary` is the relevant part of, kept so that an edit in one class's
    /// methods summarises that class again, not the file.
    full_summary: Arc<FileSummary>,
    /// The index changed since the findings were derived: the next change analyses the whole
    /// file.
    index_changed: bool,
    /// The tree came from an incremental reparse of a text with syntax errors and has not been
    /// compared with a fresh parse since: see [`Self::verification`].
    unverified: bool,
    /// Whether the text has a `\r` that is not part of `\r\n`. Tree-sitter counts rows by `\n`
    /// only, while the rope (like LSP) also breaks lines at a lone `\r`; when both agree we can
    /// hand tree-sitter exact points for incremental edits, otherwise we reparse from scratch.
    lone_cr: bool,
}

impl Document {
    /// A Python document analysed on its own (no project index).
    pub fn new(text: &str, version: i32) -> Self {
        Document::open(Lang::Python, text, version)
    }

    /// A document in any language, analysed on its own.
    pub fn open(lang: Lang, text: &str, version: i32) -> Self {
        Document::open_in(lang, text, version, Project::none())
    }

    /// A Python document analysed in a project: with the workspace's model index, at its path.
    pub fn in_project(text: &str, version: i32, project: Project) -> Self {
        Document::open_in(Lang::Python, text, version, project)
    }

    /// A document in any language analysed in a project (only Python files have a model
    /// summary; the others only carry the project along).
    pub fn open_in(lang: Lang, text: &str, version: i32, project: Project) -> Self {
        let rope = Rope::from_str(text);
        let lone_cr = has_lone_cr(&rope);
        let Fresh { tree, full_summary, summary, findings, suppressions } = Fresh::of(lang, &rope, &project);
        Document {
            lang,
            version,
            rope,
            tree,
            findings,
            suppressions,
            project,
            summary,
            full_summary,
            index_changed: false,
            unverified: false,
            lone_cr,
        }
    }

    /// What this version says about its models, for the project index.
    pub fn summary(&self) -> &Arc<FileSummary> {
        &self.summary
    }

    /// The index the findings were derived with.
    pub fn index(&self) -> &Arc<ProjectIndex> {
        &self.project.index
    }

    /// Analyses the document again with another project index, if it is another one: the
    /// findings must be those of a fresh analysis with that index.
    pub fn set_index(&mut self, index: Arc<ProjectIndex>) {
        if Arc::ptr_eq(&self.project.index, &index) && !self.index_changed {
            return;
        }
        self.project.index = index;
        self.index_changed = false;
        self.full_summary = Arc::new(summarize(self.lang, &self.tree, &self.rope, &self.project));
        self.summary = Arc::new(relevant(&self.full_summary, &self.project));
        let analysis = analyze_if_readable(self.lang, &self.tree, &self.rope, &self.project, &self.summary);
        self.findings = Arc::new(analysis.findings);
        self.suppressions = Arc::new(analysis.suppressions);
    }

    /// [`Self::apply`] with the current project index: when it is another one than the findings
    /// were derived with, the change analyses the whole file with it.
    pub fn apply_in(
        &mut self,
        version: i32,
        changes: &[Change],
        enc: Encoding,
        index: &Arc<ProjectIndex>,
    ) -> Result<(), DocumentError> {
        if !Arc::ptr_eq(&self.project.index, index) {
            if version <= self.version {
                return Err(DocumentError::StaleVersion { have: self.version, got: version });
            }
            self.project.index = index.clone();
            self.index_changed = true;
        }
        self.apply(version, changes, enc)
    }

    /// Why the text has no findings, when it is too large or too long to analyse.
    pub fn unanalysed(&self) -> Option<Unanalysed> {
        Unanalysed::of_rope(self.lang, &self.rope)
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
        // Whether every change replaced only text inside one def or method, so that the
        // findings can be updated region by region (not when the text was too large to have
        // any). Only Python is analysed region by region.
        let mut local = self.unanalysed().is_none() && self.lang == Lang::Python;
        // The names of the defs and methods whose headers the changes touched, before them.
        let mut renamed: Vec<String> = Vec::new();
        // Whether every change was inside the body of a top-level function, which no summary
        // reads.
        let mut functions_only = true;
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
                    local = local
                        && incremental
                        && match self.touched(a, b) {
                            Some(Touched::Body) => {
                                functions_only = false;
                                true
                            }
                            Some(Touched::FunctionBody) => true,
                            Some(Touched::Header(name)) => {
                                functions_only = false;
                                renamed.push(name);
                                true
                            }
                            None => false,
                        };
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
        let old = incremental.then(|| self.tree.clone());
        self.tree = parse_rope(grammar, &self.rope, old.as_ref());
        // Error recovery after an incremental reparse can differ from a fresh parse's (the
        // oracle suite found a `try` that swallowed the statements after it), and findings
        // updated incrementally from such a tree can differ from a fresh analysis even once the
        // errors are gone. So a tree reparsed with errors is published as it is and marks the
        // document unverified until it is parsed and analysed from scratch off the keystroke,
        // once typing pauses (`verification`). A text too large to analyse has no findings to
        // correct.
        self.unverified =
            old.is_some() && (self.unverified || self.tree.root_node().has_error()) && self.unanalysed().is_none();
        self.version = version;
        if matches!(self.lang, Lang::Kubernetes | Lang::Yaml) {
            self.lang = self.lang.reclassify(&self.rope.to_string());
        }
        // The file's model summary: when an edit changes it (a field, a method that queries, a
        // manager's `get_queryset`), findings anywhere in the file can change.
        // A keystroke in a top-level function's body, when the reparse changed nothing outside
        // such functions, cannot change it (it reads classes, module-level statements and
        // top-level names), so the summary's walk is saved; one in a class's methods changes
        // only that class's part.
        let changed: Vec<Range<usize>> = match &old {
            Some(old) if local && edits.len() == 1 => old
                .changed_ranges(&self.tree)
                .map(|r| r.start_byte..r.end_byte)
                .chain(edits.iter().map(|e| e.start_byte..e.new_end_byte))
                .collect(),
            _ => Vec::new(),
        };
        // The statement must span what it spanned before (the edited old tree has the old
        // structure at the new offsets): an unterminated string can swallow what follows.
        let within = match &old {
            Some(old) if !changed.is_empty() => one_statement(&self.tree, &changed).filter(|s| {
                one_statement(old, std::slice::from_ref(&(s.start_byte()..s.start_byte())))
                    .is_some_and(|o| o.byte_range() == s.byte_range())
            }),
            _ => None,
        };
        let def = within.and_then(|s| match s.kind() {
            "decorated_definition" => s.child_by_field_name("definition"),
            _ => Some(s),
        });
        let full_summary = match def {
            Some(d) if functions_only && d.kind() == "function_definition" => Some(self.full_summary.clone()),
            Some(class) if class.kind() == "class_definition" && self.rope.len_bytes() <= MAX_ANALYSED_BYTES => {
                let text = Text::Rope(&self.rope);
                let root = self.tree.root_node();
                // Inside one method's body (its name unchanged): only that method's part.
                let method = class
                    .child_by_field_name("body")
                    .filter(|_| renamed.is_empty())
                    .and_then(|body| one_method_body(body, &changed));
                method
                    .and_then(|m| project::resummarize_method(&self.full_summary, class, m, text))
                    .or_else(|| {
                        project::resummarize_class(&self.full_summary, root, text, self.project.path.as_deref(), class)
                    })
                    .map(Arc::new)
            }
            _ => None,
        };
        let full_summary =
            full_summary.unwrap_or_else(|| Arc::new(summarize(self.lang, &self.tree, &self.rope, &self.project)));
        let summary = if Arc::ptr_eq(&full_summary, &self.full_summary) {
            self.summary.clone()
        } else {
            Arc::new(relevant(&full_summary, &self.project))
        };
        self.full_summary = full_summary;
        let index_changed = std::mem::take(&mut self.index_changed);
        let summary_changed = summary != self.summary || index_changed;
        self.summary = summary;
        let analysis = match old {
            _ if self.unanalysed().is_some() => Analysis::default(),
            Some(old) if !edits.is_empty() && local && !summary_changed => self.reanalyze(&old, &edits, renamed),
            _ => analyze_as_in(self.lang, &self.tree, Text::Rope(&self.rope), &self.project, Some(&self.summary)),
        };
        self.findings = Arc::new(analysis.findings);
        self.suppressions = Arc::new(analysis.suppressions);
        Ok(())
    }

    /// Findings after incremental edits: only the top-level defs and classes the edits (and the
    /// reparse's changed ranges) touch are analysed again; the other findings are shifted. Any
    /// change at module level outside defs and classes (imports, assignments, comments), in a
    /// class's header, or in a class body outside its methods can change what names resolve to
    /// or what a model's fields are, so it means a full analysis.
    ///
    /// A def's or method's header (its name, signature, decorators) binds one name: when the
    /// name changed (`renamed` holds the old ones), the defs and methods that mention the old or
    /// the new name are analysed again too (a method's class, since checks on a class read its
    /// methods' names), and a mention anywhere else (a module-level statement, a class body
    /// outside its methods) means a full analysis.
    fn reanalyze(&self, old: &Tree, edits: &[InputEdit], renamed: Vec<String>) -> Analysis {
        let text = Text::Rope(&self.rope);
        let full = || analyze_as_in(Lang::Python, &self.tree, text, &self.project, Some(&self.summary));
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
        // The names the changed def and method headers bind now.
        let mut bound: Vec<String> = Vec::new();
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
            let in_header = by_edit.iter().any(|d| overlaps(d, &header));
            if def.kind() == "class_definition" {
                // Typing in a class's header (its bases, decorators) can change what it is.
                if in_header {
                    return full();
                }
                // Only a method changed: analyse that method, not the whole class; the whole
                // class when a method's header changed. Any other change in a class (its
                // fields) can change findings elsewhere.
                let changed: Vec<&Range<usize>> =
                    by_edit.iter().copied().chain(reparsed.iter().filter(|d| overlaps(d, &span))).collect();
                for d in changed {
                    match enclosing_method(body, d) {
                        Some(Method { header, .. }) if by_edit.iter().any(|e| overlaps(e, &header)) => {
                            bound.extend(name_of(def_of(self.tree.root_node(), &header), text));
                            regions.push(span.clone());
                        }
                        Some(Method { span: method, .. }) => regions.push(method),
                        None => return full(),
                    }
                }
                continue;
            }
            if in_header {
                bound.extend(name_of(Some(def), text));
            }
            regions.push(span);
        }
        // A def's name changed: what mentions the old or the new name may resolve differently.
        bound.extend(renamed);
        bound.sort_unstable();
        bound.dedup();
        if !bound.is_empty() && self.defs_naming(&bound, &mut regions).is_none() {
            return full();
        }
        regions.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        // A method inside a class analysed whole is analysed with it.
        let mut kept: Vec<Range<usize>> = Vec::with_capacity(regions.len());
        for r in regions {
            if !kept.last().is_some_and(|k| k.start <= r.start && r.end <= k.end) {
                kept.push(r);
            }
        }
        let regions = kept;
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
        let fresh = analyze_regions(&self.tree, text, &regions, &suppressions, &self.project, Some(&self.summary));
        // A file-wide suppression written or removed inside a region changes every finding.
        let file_wide_changed = fresh.suppressions.iter().any(|s| s.file)
            || self.suppressions.iter().any(|s| s.file && shifted_out(&s.range).is_none_or(|r| !outside(&r)));
        // A suppression covers its line, which can reach outside the regions (error recovery
        // can put a def after other code on one line): one written or removed there changes
        // findings nobody analyses again.
        let inside = |r: &Range<usize>| regions.iter().any(|g| g.start <= r.start && r.end <= g.end);
        let line_changed = fresh.suppressions.iter().any(|s| !inside(&s.line))
            || self.suppressions.iter().any(|s| shifted_out(&s.range).is_none());
        if file_wide_changed || line_changed {
            return full();
        }
        let mut findings: Vec<Finding> = self
            .findings
            .iter()
            .filter_map(|f| {
                let related = match &f.related {
                    Some(r) => Some(shifted_out(r)?),
                    None => None,
                };
                Some(Finding { range: shifted_out(&f.range)?, concept: f.concept, related })
            })
            .filter(|f| outside(&f.range))
            .collect();
        findings.extend(fresh.findings);
        findings.sort_unstable();
        let mut all_suppressions = suppressions;
        all_suppressions.extend(fresh.suppressions);
        all_suppressions.sort_by_key(|s| s.range.start);
        Analysis { findings, suppressions: all_suppressions }
    }

    /// What replacing bytes `a..b` of the current text removes: text inside one top-level def
    /// or one method (its body, or its header with the name it had), or anything else (`None`).
    /// [`Self::reanalyze`] sees where the new text is, not what was removed: deleting an
    /// import, a class field or a whole statement from a range that ends inside a def would
    /// otherwise leave the findings that depended on it.
    fn touched(&self, a: usize, b: usize) -> Option<Touched> {
        let root = self.tree.root_node();
        let mut cursor = root.walk();
        let stmt = root.children(&mut cursor).find(|s| s.start_byte() <= a && b <= s.end_byte())?;
        let def = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_name("definition"),
            "function_definition" | "class_definition" => Some(stmt),
            _ => None,
        }?;
        let body = def.child_by_field_name("body")?;
        let text = Text::Rope(&self.rope);
        let header = |def: Node<'_>| Touched::Header(name_of(Some(def), text).unwrap_or_default());
        if def.kind() == "function_definition" {
            return Some(if a < body.start_byte() { header(def) } else { Touched::FunctionBody });
        }
        if a < body.start_byte() {
            return None;
        }
        let method = enclosing_method(body, &(a..b))?;
        Some(if a < method.header.end { header(def_of(root, &method.header)?) } else { Touched::Body })
    }

    /// Adds to `regions` the defs and methods that mention one of `names` (as a word; a mention
    /// in a string or comment only costs an analysis). `None` when a mention is anywhere else.
    fn defs_naming(&self, names: &[String], regions: &mut Vec<Range<usize>>) -> Option<()> {
        let text = self.rope.to_string();
        let root = self.tree.root_node();
        let mut statements = root.walk();
        let statements: Vec<Node<'_>> = root.children(&mut statements).collect();
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80);
        for name in names.iter().filter(|n| !n.is_empty()) {
            for (at, _) in text.match_indices(name.as_str()) {
                let end = at + name.len();
                if word(text.as_bytes().get(end)) || (at > 0 && word(text.as_bytes().get(at - 1))) {
                    continue;
                }
                // Words in comments and strings name nothing.
                if root
                    .descendant_for_byte_range(at, end)
                    .is_some_and(|n| matches!(n.kind(), "comment" | "string_content" | "string"))
                {
                    continue;
                }
                let i = statements.partition_point(|s| s.end_byte() < end);
                let Some(stmt) = statements.get(i).filter(|s| s.start_byte() <= at) else { continue };
                let span = stmt.byte_range();
                if regions.iter().any(|r| r.start <= at && end <= r.end) {
                    continue;
                }
                let def = match stmt.kind() {
                    "decorated_definition" => stmt.child_by_field_name("definition"),
                    "function_definition" | "class_definition" => Some(*stmt),
                    _ => None,
                }?;
                if def.kind() == "function_definition" {
                    regions.push(span);
                    continue;
                }
                let method = enclosing_method(def.child_by_field_name("body")?, &(at..end))?;
                regions.push(method.span);
            }
        }
        Some(())
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

    /// Whether this version was reached through an incremental reparse of a text with syntax
    /// errors, and is still to be parsed and analysed from scratch.
    pub fn unverified(&self) -> bool {
        self.unverified
    }

    /// What parsing and analysing this version from scratch needs, when it is
    /// [`Self::unverified`]: [`Verification::run`] needs no access to the document (an editor
    /// runs it off the keystroke, without holding the document), and [`Self::settle`] applies
    /// its result if the document is still at that version.
    pub fn verification(&self) -> Option<Verification> {
        self.unverified.then(|| Verification {
            version: self.version,
            lang: self.lang,
            rope: self.rope.clone(),
            project: self.project.clone(),
        })
    }

    /// Takes a verified version's result: the fresh tree, summary and findings replace the
    /// incremental ones. Returns whether the findings (or the summary) changed; a result for
    /// another version or index changes nothing.
    pub fn settle(&mut self, verified: Verified) -> bool {
        // Findings derived with another index than the document's now are not its findings:
        // the document stays unverified, for another verification with the index it has.
        if verified.version != self.version || !self.unverified || !Arc::ptr_eq(&verified.index, &self.project.index) {
            return false;
        }
        self.unverified = false;
        let fresh = verified.fresh;
        let changed = *fresh.findings != *self.findings || fresh.summary != self.summary;
        self.tree = fresh.tree;
        self.full_summary = fresh.full_summary;
        self.summary = fresh.summary;
        self.findings = fresh.findings;
        self.suppressions = fresh.suppressions;
        changed
    }

    /// [`Self::verification`], run and settled at once (tests, and callers without an editor).
    pub fn verify(&mut self) -> bool {
        match self.verification() {
            Some(v) => self.settle(v.run()),
            None => false,
        }
    }
}

/// A version whose tree is to be compared with a fresh parse (see [`Document::verification`]).
pub struct Verification {
    version: i32,
    lang: Lang,
    rope: Rope,
    project: Project,
}

/// The outcome of a [`Verification`]: the tree, summary and findings of a fresh open.
pub struct Verified {
    version: i32,
    index: Arc<ProjectIndex>,
    fresh: Fresh,
}

struct Fresh {
    tree: Tree,
    full_summary: Arc<FileSummary>,
    summary: Arc<FileSummary>,
    findings: Arc<Vec<Finding>>,
    suppressions: Arc<Vec<Suppression>>,
}

impl Verification {
    /// Parses and analyses the text from scratch, as a fresh open would.
    pub fn run(self) -> Verified {
        let fresh = Fresh::of(self.lang, &self.rope, &self.project);
        Verified { version: self.version, index: self.project.index, fresh }
    }
}

impl Fresh {
    /// What a fresh open derives from a text: a parse from scratch, the model summary, the
    /// findings.
    fn of(lang: Lang, rope: &Rope, project: &Project) -> Fresh {
        let tree = parse_rope(lang.grammar(), rope, None);
        let full_summary = Arc::new(summarize(lang, &tree, rope, project));
        let summary = Arc::new(relevant(&full_summary, project));
        let analysis = analyze_if_readable(lang, &tree, rope, project, &summary);
        Fresh {
            tree,
            full_summary,
            summary,
            findings: Arc::new(analysis.findings),
            suppressions: Arc::new(analysis.suppressions),
        }
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

/// A method in a class body: all of it with its decorators, and its header (decorators, name,
/// signature: up to its body).
struct Method {
    span: Range<usize>,
    header: Range<usize>,
}

/// What an edit replaced inside one def or method.
enum Touched {
    /// The body of a method.
    Body,
    /// The body of a top-level function.
    FunctionBody,
    /// The header, and the name the def had before the edit.
    Header(String),
}

/// The method (with its decorators) that holds a dirty range, if one does.
fn enclosing_method(body: tree_sitter::Node<'_>, d: &Range<usize>) -> Option<Method> {
    let mut c = body.walk();
    let found = body.named_children(&mut c).find_map(|m| {
        let def = match m.kind() {
            "decorated_definition" => m.child_by_field_name("definition"),
            "function_definition" => Some(m),
            _ => None,
        }?;
        let mbody = def.child_by_field_name("body")?;
        (m.start_byte() <= d.start && d.end <= m.end_byte())
            .then(|| Method { span: m.byte_range(), header: m.start_byte()..mbody.start_byte() })
    });
    found
}

/// The method statement (with its decorators) of a class body whose body, after its header,
/// holds every one of `ranges`, if one does.
fn one_method_body<'t>(body: Node<'t>, ranges: &[Range<usize>]) -> Option<Node<'t>> {
    let (start, end) = (ranges.iter().map(|r| r.start).min()?, ranges.iter().map(|r| r.end).max()?);
    let method = enclosing_method(body, &(start..end))?;
    let mut c = body.walk();
    let found = body.named_children(&mut c).find(|m| m.byte_range() == method.span);
    found.filter(|_| start >= method.header.end)
}

/// The top-level statement that holds every one of `ranges`, if one does.
fn one_statement<'t>(tree: &'t Tree, ranges: &[Range<usize>]) -> Option<Node<'t>> {
    let (start, end) = (ranges.iter().map(|r| r.start).min()?, ranges.iter().map(|r| r.end).max()?);
    let root = tree.root_node();
    let mut c = root.walk();
    let found = root.children(&mut c).find(|s| s.start_byte() <= start && end <= s.end_byte());
    found
}

/// The def (decorated or not) that starts a header range.
fn def_of<'t>(root: Node<'t>, header: &Range<usize>) -> Option<Node<'t>> {
    let mut n = root.descendant_for_byte_range(header.start, header.start)?;
    loop {
        match n.kind() {
            "function_definition" if n.start_byte() >= header.start => return Some(n),
            "decorated_definition" if n.start_byte() == header.start => return n.child_by_field_name("definition"),
            _ => n = n.parent()?,
        }
    }
}

/// A def's name, as written.
fn name_of(def: Option<Node<'_>>, text: Text<'_>) -> Option<String> {
    let name = def?.child_by_field_name("name")?;
    Some(text.slice(name.byte_range()).to_string())
}

/// Parses straight from the rope's chunks, without copying the text.
fn parse_rope(grammar: Grammar, rope: &Rope, old: Option<&Tree>) -> Tree {
    let text = Text::Rope(rope);
    let tree = PARSERS.with(|p| {
        let mut parser = p[grammar as usize].borrow_mut();
        parser.parse_with_options(&mut |byte, _| text.chunk_from(byte), old, None)
    });
    // Without a timeout or cancellation flag, parse only fails if no language is set.
    tree.expect("parser has a language and no timeout")
}

fn analyze_if_readable(lang: Lang, tree: &Tree, rope: &Rope, project: &Project, summary: &FileSummary) -> Analysis {
    if Unanalysed::of_rope(lang, rope).is_some() {
        return Analysis::default();
    }
    analyze_as_in(lang, tree, Text::Rope(rope), project, Some(summary))
}

/// The model summary of a version (none for a file too large to analyse, or not Python): its
/// classes, what they declare and the methods they define, with everything else it declares.
fn summarize(lang: Lang, tree: &Tree, rope: &Rope, project: &Project) -> FileSummary {
    if lang != Lang::Python || rope.len_bytes() > MAX_ANALYSED_BYTES {
        return FileSummary::default();
    }
    project::summarize(tree.root_node(), Text::Rope(rope), project.path.as_deref())
}

/// What of a file's summary the project index needs: its models, managers and querysets (and
/// their bases).
fn relevant(full: &FileSummary, project: &Project) -> FileSummary {
    project.index.view(project.path.as_deref(), full).relevant_summary(full)
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

    /// Once verified (as after a pause in typing), the document's tree and findings are a fresh
    /// parse's and analysis's.
    fn assert_fresh(doc: &mut Document) {
        doc.verify();
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
        assert_fresh(&mut doc);
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
        assert_fresh(&mut doc);
        // Deleting the \n of a \r\n leaves a lone \r: the document falls back to a full parse.
        doc.apply(3, &[change(0, 8, 1, 0, "\r")], Encoding::Utf16).unwrap();
        assert!(doc.lone_cr);
        assert_fresh(&mut doc);
    }

    /// Found by the oracle suite (tests/sync): deleting module-level code (an import) with an
    /// edit that ends inside a def body left the findings that depended on it.
    #[test]
    fn deleting_an_import_from_inside_a_def_reanalyses_the_module() {
        let mut doc = Document::new("def f():\n    return 1\nimport requests\nrequests.get(u)\n", 1);
        assert!(doc.findings.iter().any(|f| f.id() == "missing-timeout"));
        doc.apply(2, &[change(1, 12, 2, 15, "")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), "def f():\n    return 1\nrequests.get(u)\n");
        assert_fresh(&mut doc);
    }

    #[test]
    fn renaming_a_def_reanalyses_the_defs_that_use_either_name() {
        let text = "def sortd(x):\n    return x\n\n\ndef g(xs):\n    return sorted(xs)\n\n\ndef h():\n    pass\n";
        let mut doc = Document::new(text, 1);
        let sorted = |doc: &Document| doc.findings.iter().any(|f| f.id() == "sort-vs-sorted");
        assert!(sorted(&doc));
        // `sortd` becomes `sorted`: the call in `g` now calls the local def.
        doc.apply(2, &[change(0, 8, 0, 8, "e")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        assert!(!sorted(&doc), "{:?}", doc.findings);
        doc.apply(3, &[change(0, 8, 0, 9, "")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        assert!(sorted(&doc));
        // A method's name, and a module-level mention of the new name.
        let mut doc = Document::new("class A:\n    def sortd(self):\n        pass\n\n\nsorted([])\n", 1);
        doc.apply(2, &[change(1, 12, 1, 12, "e")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
    }

    /// Found by the rename proptest: a method analysed on its own lost its class from the scope
    /// index, so `password="..."` in a test class's helper method counted as a secret.
    #[test]
    fn a_method_analysed_alone_is_still_in_its_class() {
        let text = "def client():\n    pass\n\n\nclass LoginTests:\n    def helper(self):\n        self.client.login(password=\"pw\")\n";
        let mut doc = Document::new(text, 1);
        assert!(doc.findings.iter().all(|f| f.id() != "hardcoded-secret"));
        doc.apply(2, &[change(0, 4, 0, 10, "insecure")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
    }

    /// Found by the oracle suite: after these two changes the incremental reparse recovered
    /// from the stray quote differently from a fresh parse (its `try` took in everything).
    #[test]
    fn a_text_with_syntax_errors_gets_the_tree_of_a_fresh_parse() {
        let text = "try:\n class M(models.Model):\n    name = models.CharField()\n'except Exception:\n    pass\n#def f(x=[]):\n    )x is 1e\u{301}한\n𝔘";
        let mut doc = Document::new(text, 1);
        let changes = [change(5, 6, 4, 9, ""), change(7, 2, 5, 15, "  # interview-prep: ignore\n𝔘}\\")];
        doc.apply(2, &changes, Encoding::Utf16).unwrap();
        assert!(doc.unverified(), "a reparse with errors is verified after the keystroke");
        assert_fresh(&mut doc);
    }

    #[test]
    fn files_over_the_size_limit_are_synced_but_not_analysed() {
        let block = "def gen():\n    yield 1\n";
        let big = block.repeat(MAX_ANALYSED_BYTES / block.len() + 1);
        let mut doc = Document::new(&big, 1);
        assert!(doc.unanalysed().is_some() && doc.findings.is_empty());
        // Cut down to two defs: analysed again, with the findings of a fresh open.
        let last = (big.len() / block.len() * 2 - 4) as u32;
        doc.apply(2, &[change(0, 0, last, 0, "")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text_string(), block.repeat(2));
        assert!(doc.unanalysed().is_none());
        assert_fresh(&mut doc);
        assert!(doc.findings.iter().any(|f| f.id() == "generator-function"));
    }

    #[test]
    fn yaml_past_its_parser_line_limit_is_synced_but_not_analysed() {
        let manifest = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx\n";
        let max = Grammar::Yaml.max_lines().unwrap();
        let at_limit = format!("{manifest}{}", "# c\n".repeat(max - 6));
        let doc = Document::open(Lang::Kubernetes, &at_limit, 1);
        assert_eq!(doc.unanalysed(), None);
        assert!(doc.findings.iter().any(|f| f.id() == "unpinned-image"));
        let over = format!("{at_limit}# c");
        let doc = Document::open(Lang::Kubernetes, &over, 1);
        assert_eq!(doc.unanalysed(), Some(Unanalysed::TooManyLines(max + 1)));
        assert!(doc.findings.is_empty());
        // Plain YAML has no rules: nothing is lost, nothing to say.
        assert_eq!(Document::open(Lang::Yaml, &over, 1).unanalysed(), None);
    }

    /// Found by the oracle suite: an empty change in a def dropped the finding of a statement
    /// that ends exactly where the def starts (no newline between them after error recovery).
    /// An edit between a class's methods: what the class body binds is not seen by code
    /// outside the class.
    #[test]
    fn an_edit_between_methods_equals_a_fresh_analysis() {
        let text = "import json\n\n\nclass Box:\n    size = 1\n\n    def load(self, b):\n        return pickle.loads(b)\n\n    def __eq__(self, other):\n        return True\n\n\ndef read(b):\n    return pickle.loads(b)\n";
        let mut doc = Document::new(text, 1);
        // A class-level import, then a `__hash__` assigned in the class body, then removed.
        doc.apply(2, &[change(4, 0, 4, 0, "    import pickle\n")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        doc.apply(3, &[change(5, 0, 5, 0, "    __hash__ = None\n")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        doc.apply(4, &[change(5, 0, 6, 0, "")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        doc.apply(5, &[change(4, 0, 5, 0, "")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
    }

    #[test]
    fn a_finding_touching_a_reanalysed_def_is_kept() {
        let mut doc = Document::new("x is 1async def g():\n    name = models.CharField()\n", 1);
        assert!(doc.findings.iter().any(|f| f.range == (0..6)));
        doc.apply(2, &[change(1, 26, 1, 26, "")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
    }

    /// SQL inside a Python string: typing in the string re-analyses its def, and the SQL's
    /// findings follow the text.
    #[test]
    fn typing_in_sql_inside_a_string_updates_its_findings() {
        let text = "def purge(cursor):\n    cursor.execute(\"DELETE FROM sessions\")\n";
        let mut doc = Document::new(text, 1);
        let pitfall = |d: &Document| {
            d.findings
                .iter()
                .find(|f| f.id() == "sql-write-without-where")
                .map(|f| d.text().slice(f.range.clone()).into_owned())
        };
        assert_eq!(pitfall(&doc).as_deref(), Some("DELETE"));
        doc.apply(2, &[change(1, 40, 1, 40, " WHERE expired")], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
        assert_eq!(pitfall(&doc), None);
    }

    #[test]
    fn whole_text_replacement() {
        let mut doc = Document::new("a = 1\n", 1);
        doc.apply(2, &[Change { range: None, text: "def g(x=[]):\n    pass\n".into() }], Encoding::Utf16).unwrap();
        assert_fresh(&mut doc);
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
        include_str!("../../tests/concepts/python_language.py"),
        include_str!("../../tests/concepts/testing.py"),
        include_str!("../../tests/concepts/embedded_sql.py"),
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
        "cursor.execute(\"SELECT * FROM t JOIN u ON u.id = t.id\")\n",
        "DELETE FROM t",
        " WHERE",
    ];

    fn edit_strategy() -> impl Strategy<Value = (prop::sample::Index, prop::sample::Index, usize)> {
        (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..PIECES.len())
    }

    /// A fixture project's model index and its files (path, text).
    type Shop = (Arc<ProjectIndex>, Vec<(std::path::PathBuf, String)>);

    /// The `shop` fixture project: its model index, and its files as they are on disk.
    fn shop() -> &'static Shop {
        static SHOP: std::sync::OnceLock<Shop> = std::sync::OnceLock::new();
        SHOP.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/concepts/shop");
            let index = Arc::new(project::build(std::slice::from_ref(&dir)));
            let mut files: Vec<(std::path::PathBuf, String)> =
                ["views.py", "models.py", "abstract_models.py", "managers.py"]
                    .iter()
                    .map(|f| (dir.join(f), std::fs::read_to_string(dir.join(f)).unwrap()))
                    .collect();
            // A module whose loop depends on its own model's method: an edit in the method's
            // body changes a finding outside it.
            files.push((dir.join("shelves.py"), SHELVES.to_string()));
            (index, files)
        })
    }

    const SHELVES: &str = "from django.db import models\n\n\nclass Shelf(models.Model):\n    name = models.CharField(max_length=10)\n\n    def books_count(self):\n        return 0\n\n    @property\n    def label(self):\n        return self.name\n\n\nclass Book(models.Model):\n    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE, related_name=\"books\")\n\n\ndef shelves():\n    for shelf in Shelf.objects.all():\n        print(shelf.books_count(), shelf.label)\n";

    const PROJECT_PIECES: &[&str] = &[
        "    for o in Order.objects.all():\n        print(o.coupon.code)\n",
        "        for line in self.lines.all():\n            line.product.title\n",
        "    coupon = models.ForeignKey(\"shop.Coupon\", on_delete=models.CASCADE)\n",
        "self.orders.count()",
        "self.books.count()",
        "self.books.count() + ",
        "Product.objects.get(pk=1)",
        "select_related(\"coupon\")",
        "return super().get_queryset()",
        "class Extra(models.Model):\n    order = models.ForeignKey(Order, related_name=\"extras\")\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// With a model index in play: the same index gives the same findings, whatever the
        /// edits (in views, in model classes, in a manager's get_queryset, in a model method
        /// that a loop of the same file calls).
        #[test]
        fn incremental_findings_equal_a_fresh_analysis_in_a_project(
            base in 0..5usize,
            edits in prop::collection::vec(edit_strategy(), 1..10),
            pieces in prop::collection::vec(0..PROJECT_PIECES.len(), 10),
            pauses in prop::collection::vec(any::<bool>(), 10),
        ) {
            let (index, files) = shop();
            let (path, text) = &files[base];
            let project = Project::new(index.clone(), Some(path.clone()));
            let mut doc = Document::in_project(text, 1, project.clone());
            for (version, (at, len, piece)) in edits.into_iter().enumerate() {
                let text = doc.text_string();
                let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let start = chars[at.index(chars.len())];
                let end_candidates: Vec<usize> = chars.iter().copied().filter(|&c| c >= start && c <= start + 40).collect();
                let end = end_candidates[len.index(end_candidates.len())];
                let index = crate::position::LineIndex::new(&text);
                let a = index.line_col(&text, start, Encoding::Utf16);
                let b = index.line_col(&text, end, Encoding::Utf16);
                let insert = if piece % 2 == 0 { PROJECT_PIECES[pieces[version % pieces.len()]] } else { PIECES[piece] };
                let change = Change { range: Some((a, b)), text: insert.to_string() };
                doc.apply(version as i32 + 2, &[change], Encoding::Utf16).unwrap();
                if !settled(&mut doc, pauses[version]) {
                    continue;
                }
                let now = doc.text_string();
                let fresh_tree = parse_str(&now).unwrap();
                let fresh = crate::concepts::analyze_in(&fresh_tree, Text::Str(&now), &project, None);
                prop_assert_eq!(&*doc.findings, &fresh.findings, "text:\n{}", now);
                prop_assert_eq!(&*doc.suppressions, &fresh.suppressions);
                prop_assert_eq!(
                    &*doc.full_summary,
                    &summarize(Lang::Python, &fresh_tree, &Rope::from_str(&now), &doc.project),
                    "summary of:\n{}",
                    now
                );
            }
        }
    }

    /// An edit inside a model method's body that makes it query changes a finding in another
    /// function of the file: the edit is analysed with the whole file.
    #[test]
    fn a_method_that_starts_to_query_changes_the_loop_that_calls_it() {
        let (index, files) = shop();
        let (path, text) = &files[4];
        let mut doc = Document::in_project(text, 1, Project::new(index.clone(), Some(path.clone())));
        assert!(!doc.findings.iter().any(|f| f.id() == "n-plus-one"));
        let line = text.lines().position(|l| l.trim() == "return 0").unwrap() as u32;
        let at = |col| LineCol { line, col };
        doc.apply(2, &[Change { range: Some((at(15), at(16))), text: "self.books.count()".into() }], Encoding::Utf16)
            .unwrap();
        assert!(doc.text_string().contains("return self.books.count()"));
        assert!(doc.findings.iter().any(|f| f.id() == "n-plus-one"), "{:?}", doc.findings);
    }

    /// Whether the document is to be compared with a fresh open after an edit: after a pause
    /// (when its verification has run), or when it has nothing to verify. Edits without a pause
    /// carry an unverified tree into the next edit.
    fn settled(doc: &mut Document, pause: bool) -> bool {
        if pause {
            doc.verify();
        }
        !doc.unverified()
    }

    /// The findings, suppressions and model summary of `doc` equal those of a fresh open of its
    /// text; `what` names the edits on failure.
    fn matches_a_fresh_open(doc: &Document, what: &str) -> Result<(), TestCaseError> {
        let now = doc.text_string();
        let fresh_tree = parse_str(&now).unwrap();
        let fresh = crate::concepts::analyze_full(&fresh_tree, Text::Str(&now));
        prop_assert_eq!(&*doc.findings, &fresh.findings, "{} on:\n{}", what, now);
        prop_assert_eq!(&*doc.suppressions, &fresh.suppressions, "{}", what);
        let summary = summarize(Lang::Python, &fresh_tree, &Rope::from_str(&now), &doc.project);
        prop_assert_eq!(&*doc.full_summary, &summary, "{}", what);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn incremental_findings_equal_a_fresh_analysis(
            base in 0..BASES.len(),
            edits in prop::collection::vec(edit_strategy(), 1..12),
            pauses in prop::collection::vec(any::<bool>(), 12),
        ) {
            let mut doc = Document::new(BASES[base], 1);
            let mut log: Vec<(usize, usize, &str)> = Vec::new();
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
                log.push((start, end, PIECES[piece]));
                doc.apply(version as i32 + 2, &[change], Encoding::Utf16).unwrap();
                if settled(&mut doc, pauses[version]) {
                    matches_a_fresh_open(&doc, &format!("edits {log:?} pauses {:?}", &pauses[..=version]))?;
                }
            }
        }

        /// Renames of defs and methods, to names the file or the builtins use: the incremental
        /// path for headers re-analyses what mentions either name.
        #[test]
        fn renamed_defs_equal_a_fresh_analysis(
            base in 0..BASES.len(),
            renames in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..8),
            pauses in prop::collection::vec(any::<bool>(), 8),
        ) {
            let mut doc = Document::new(BASES[base], 1);
            let word = regex::Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").unwrap();
            let def = regex::Regex::new(r"def ([A-Za-z_][A-Za-z0-9_]*)").unwrap();
            for (version, (site, name)) in renames.into_iter().enumerate() {
                let text = doc.text_string();
                let defs: Vec<Range<usize>> = def
                    .captures_iter(&text)
                    .map(|c| c.get(1).unwrap().range())
                    .collect();
                prop_assume!(!defs.is_empty());
                let words: Vec<&str> = word.find_iter(&text).map(|m| m.as_str()).chain(RENAMES.iter().copied()).collect();
                let target = defs[site.index(defs.len())].clone();
                let index = crate::position::LineIndex::new(&text);
                let a = index.line_col(&text, target.start, Encoding::Utf16);
                let b = index.line_col(&text, target.end, Encoding::Utf16);
                let renamed = format!("{} -> {}", &text[target.clone()], words[name.index(words.len())]);
                let change = Change { range: Some((a, b)), text: words[name.index(words.len())].to_string() };
                doc.apply(version as i32 + 2, &[change], Encoding::Utf16).unwrap();
                if settled(&mut doc, pauses[version]) {
                    matches_a_fresh_open(&doc, &renamed)?;
                }
            }
        }
    }

    /// Names a def can take that change what other code means.
    const RENAMES: &[&str] = &[
        "sorted",
        "list",
        "super",
        "property",
        "breakpoint",
        "map",
        "get",
        "open",
        "print",
        "test_it",
        "__hash__",
        "x",
        "",
    ];
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
            let mut v = 1;
            let sites = (0..lines.len())
                .step_by(step)
                .filter(|&l| !lines[l].trim().is_empty())
                .map(|line| LineCol { line: line as u32, col: lines[line].len() as u32 });
            let times = type_and_delete(&mut doc, &mut v, sites, "q");
            eprintln!("{name}: {} lines, {}", lines.len(), spread_of(times));
        }
    }

    /// `BIG=file cargo test --release --lib -- --ignored keystrokes_in_a_large_file --nocapture`:
    /// open a file in its language (a generated 10 MB YAML or SQL file, say), then type a letter
    /// and delete it at the end of 100 lines spread over it.
    #[test]
    #[ignore]
    fn keystrokes_in_a_large_file() {
        let path = std::path::PathBuf::from(std::env::var("BIG").unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let lang = Lang::of_path(&path, || Some(text.clone())).unwrap_or(Lang::Python);
        let started = std::time::Instant::now();
        let mut doc = Document::open(lang, &text, 1);
        eprintln!("{lang:?}: open {:?}, unanalysed: {:?}", started.elapsed(), doc.unanalysed());
        let lines: Vec<&str> = text.lines().collect();
        let sites = (0..lines.len()).step_by((lines.len() / 100).max(1)).map(|line| LineCol {
            line: line as u32,
            col: lines[line].chars().map(char::len_utf16).sum::<usize>() as u32,
        });
        eprintln!("{}", spread_of(type_and_delete(&mut doc, &mut 1, sites, "q")));
    }

    /// Types `typed` at each site and deletes it again, one version each; how long each
    /// `apply` took.
    fn type_and_delete(
        doc: &mut Document,
        version: &mut i32,
        sites: impl Iterator<Item = LineCol>,
        typed: &str,
    ) -> Vec<std::time::Duration> {
        let mut times = Vec::new();
        for at in sites {
            let after = LineCol { line: at.line, col: at.col + typed.encode_utf16().count() as u32 };
            for (end, t) in [(at, typed), (after, "")] {
                *version += 1;
                let started = std::time::Instant::now();
                doc.apply(*version, &[Change { range: Some((at, end)), text: t.into() }], Encoding::Utf16).unwrap();
                times.push(started.elapsed());
            }
        }
        times
    }

    /// "N edits: p50 .. p90 .. p99 .. max ..".
    fn spread_of(mut times: Vec<std::time::Duration>) -> String {
        times.sort();
        let pick = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        format!(
            "{} edits: p50 {:?} p90 {:?} p99 {:?} max {:?}",
            times.len(),
            pick(0.5),
            pick(0.9),
            pick(0.99),
            pick(1.0)
        )
    }

    const KEYWORDS: &[&str] = &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield", "match", "case", "print",
    ];

    /// `BIG=file cargo test --release --lib -- --ignored edit_kinds_timing --nocapture`: the
    /// bench's three Python edits applied to a document (no protocol): a letter typed at the end
    /// of a statement's first word and deleted, the same at the end of a def's name, and a `'`
    /// opening an unterminated string there and deleted.
    #[test]
    #[ignore]
    fn edit_kinds_timing() {
        let text = std::fs::read_to_string(std::env::var("BIG").unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let statements: Vec<LineCol> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.is_ascii() && l.starts_with("        ") && l.trim_start().starts_with(char::is_lowercase)
            })
            .filter(|(_, l)| {
                let word = l.trim_start().split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next();
                !word.is_some_and(|w| KEYWORDS.contains(&w))
            })
            .map(|(i, l)| {
                let col = l.len() - l.trim_start().len();
                let word = l[col..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(1).max(1);
                LineCol { line: i as u32, col: (col + word) as u32 }
            })
            .collect();
        let defs: Vec<LineCol> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let def = l.trim_start().strip_prefix("def ")?;
                Some(LineCol { line: i as u32, col: (l.len() - def.len() + def.find('(')?) as u32 })
            })
            .collect();
        let spread =
            |v: &[LineCol], n: usize| v.iter().step_by((v.len() / n).max(1)).take(n).copied().collect::<Vec<_>>();
        let mut doc = Document::new(&text, 1);
        let mut v = 1;
        for (name, sites, typed) in [
            ("identifier", spread(&statements, 100), "q"),
            ("def-name", spread(&defs, 100), "q"),
            ("unterminated", spread(&statements, 50), "'"),
        ] {
            eprintln!("{name}: {}", spread_of(type_and_delete(&mut doc, &mut v, sites.into_iter(), typed)));
        }
    }
}
