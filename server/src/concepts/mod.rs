//! Concept detection: one pass of the compiled queries over a tree, plus Rust-side checks where a
//! query cannot say it, turns source into [`Finding`]s: Python, and the files around a Python
//! service (Dockerfiles, Compose, Kubernetes, CI workflows, SQL), each with its own rules.

pub mod catalog;
mod checks;
mod dispatch;
mod embedded;
pub mod engine;
pub mod fixes;
pub mod fixtures;
mod flow;
mod infra;
mod language;
mod nplus1;
mod orm;
pub mod project;
pub mod resolve;
mod scm;
pub mod suppress;

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCursor, Tree};

pub use catalog::{catalog, concept, Concept, ConceptId, Kind};
use engine::{engine_for, CaptureRole};
use project::{FileSummary, ProjectIndex, ProjectView};
use resolve::Resolver;
pub use suppress::Suppression;

use crate::language::Lang;
use crate::text::Text;

/// One concept found at one place: a byte range of the source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub range: Range<usize>,
    pub concept: ConceptId,
    /// Another place the finding is about: for an N+1 query, the loop that repeats it.
    pub related: Option<Range<usize>>,
}

impl Ord for Finding {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |f: &Finding| (f.range.start, f.range.end, f.concept, f.related.as_ref().map(|r| (r.start, r.end)));
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Finding {
    pub fn new(concept: ConceptId, range: Range<usize>) -> Finding {
        Finding { range, concept, related: None }
    }

    pub fn id(&self) -> &'static str {
        self.concept.name()
    }

    pub fn kind(&self) -> Kind {
        self.concept.kind()
    }

    pub fn title(&self) -> &'static str {
        self.concept.info().title
    }

    /// Sort key for "most specific first" among overlapping findings: pitfalls before concepts,
    /// then the narrowest range.
    pub fn specificity(&self) -> (Kind, usize, usize) {
        (self.kind(), self.range.len(), self.range.start)
    }
}

/// Everything analysis derives from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Sorted by position, no duplicates, suppressed ones removed.
    pub findings: Vec<Finding>,
    /// The suppression comments of the file.
    pub suppressions: Vec<Suppression>,
}

/// The project a file is analysed in: the workspace's model index and where the file is (its own
/// classes, read from its tree, stand in for the index's copy of it). Findings are a function of
/// the text and this.
#[derive(Clone, Debug)]
pub struct Project {
    pub index: Arc<ProjectIndex>,
    pub path: Option<PathBuf>,
}

impl Project {
    /// No index and no path: the file alone.
    pub fn none() -> Project {
        Project { index: ProjectIndex::empty(), path: None }
    }

    pub fn new(index: Arc<ProjectIndex>, path: Option<PathBuf>) -> Project {
        Project { index, path }
    }
}

impl Default for Project {
    fn default() -> Self {
        Project::none()
    }
}

/// Finds every concept in a parsed file. The result is sorted by position and has no duplicates;
/// findings silenced by a suppression comment are left out.
pub fn analyze(tree: &Tree, text: Text<'_>) -> Vec<Finding> {
    analyze_full(tree, text).findings
}

/// [`analyze`], plus the file's suppression comments.
pub fn analyze_full(tree: &Tree, text: Text<'_>) -> Analysis {
    analyze_in(tree, text, &Project::none(), None)
}

/// [`analyze_full`] in a project; `summary` is the file's own model summary when the caller
/// already has it (it is derived from the same tree otherwise).
pub fn analyze_in(tree: &Tree, text: Text<'_>, project: &Project, summary: Option<&FileSummary>) -> Analysis {
    analyze_as_in(Lang::Python, tree, text, project, summary)
}

/// [`analyze_full`] of a file in any language, with that language's rules.
pub fn analyze_as(lang: Lang, tree: &Tree, text: Text<'_>) -> Analysis {
    analyze_as_in(lang, tree, text, &Project::none(), None)
}

/// [`analyze_as`] in a project (only Python files have a model summary; the others are never
/// summarised).
pub fn analyze_as_in(
    lang: Lang,
    tree: &Tree,
    text: Text<'_>,
    project: &Project,
    summary: Option<&FileSummary>,
) -> Analysis {
    analyze_node(lang, tree.root_node(), text, None, &[], project, summary)
}

/// Analysis of some regions of a file only: each region must be whole top-level statements (a
/// def or class with its decorators), which is what findings in it depend on besides the
/// module's imports. Returns the findings and suppression comments inside the regions;
/// `suppressions` from elsewhere in the file still apply to them.
pub fn analyze_regions(
    tree: &Tree,
    text: Text<'_>,
    regions: &[Range<usize>],
    suppressions: &[Suppression],
    project: &Project,
    summary: Option<&FileSummary>,
) -> Analysis {
    analyze_node(Lang::Python, tree.root_node(), text, Some(regions), suppressions, project, summary)
}

fn analyze_node(
    lang: Lang,
    root: Node<'_>,
    text: Text<'_>,
    regions: Option<&[Range<usize>]>,
    outer: &[Suppression],
    project: &Project,
    summary: Option<&FileSummary>,
) -> Analysis {
    let engine = match engine_for(lang) {
        Ok(engine) => engine,
        Err(err) => {
            static LOGGED: OnceLock<()> = OnceLock::new();
            LOGGED.get_or_init(|| tracing::error!("concept queries failed to compile: {err}"));
            return Analysis::default();
        }
    };
    let own;
    let summary = match summary {
        Some(s) => s,
        None => {
            own = summary_of(lang, root, text, project);
            &own
        }
    };
    let view = project.index.view(project.path.as_deref(), summary);
    analyze_with(lang, engine, root, text, regions, outer, &view)
}

/// The model summary of a file derived from its tree. Only Python has models: another
/// language's tree is never summarised.
fn summary_of(lang: Lang, root: Node<'_>, text: Text<'_>, project: &Project) -> FileSummary {
    match lang {
        Lang::Python => project::summarize(root, text, project.path.as_deref()),
        _ => FileSummary::default(),
    }
}

/// [`analyze_node`] with a given engine (tests compare two), in the project as this file sees
/// it.
fn analyze_with(
    lang: Lang,
    engine: &engine::Engine,
    root: Node<'_>,
    text: Text<'_>,
    regions: Option<&[Range<usize>]>,
    outer: &[Suppression],
    view: &ProjectView<'_>,
) -> Analysis {
    let whole = [root.byte_range()];
    let ranges = regions.unwrap_or(&whole);
    // The statements the regions are (a top-level def or class, or a method).
    let scope_roots: Option<Vec<Node<'_>>> = regions.map(|rs| {
        rs.iter()
            .filter_map(|r| {
                let mut n = root.descendant_for_byte_range(r.start, r.end)?;
                while n.byte_range() != *r {
                    n = n.parent()?;
                }
                while let Some(p) = n.parent().filter(|p| p.byte_range() == *r) {
                    n = p;
                }
                Some(n)
            })
            .collect()
    });
    let resolver = Resolver::new(root, text).with_scope_roots(scope_roots);
    let mut ctx = Ctx {
        lang,
        text,
        resolver: &resolver,
        project: view,
        nplus1: RefCell::default(),
        findings: Vec::new(),
        generic: Vec::new(),
        embedded: Vec::new(),
        suppressions: Vec::new(),
    };
    let mut cursor = QueryCursor::new();
    cursor.set_match_limit(MATCH_LIMIT);
    // Subtrees nested deeper than any hand-written code are left out of the query passes (the
    // ranges between them are matched); see `MAX_ANALYSED_DEPTH`.
    let mut passes: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    // Every rule may be in the tables: then tree-sitter has nothing to match.
    let query_ranges = if engine.query.pattern_count() == 0 { &[][..] } else { ranges };
    for range in query_ranges {
        let deep = too_deep(root, range);
        if !deep.is_empty() {
            note_too_deep(&deep);
        }
        let mut from = range.start;
        for d in &deep {
            if d.start > from {
                passes.push(from..d.start);
            }
            from = from.max(d.end);
        }
        if from < range.end || deep.is_empty() {
            passes.push(from..range.end);
        }
    }
    for range in &passes {
        cursor.set_byte_range(range.clone());
        // Start from the region's top-level statement, so the cursor need not step over every
        // statement before it (patterns rooted at a class still match around a method).
        let start = match regions {
            Some(_) => top_level_statement(root, range).unwrap_or(root),
            None => root,
        };
        let mut matches = cursor.matches(&engine.query, start, |n: Node<'_>| text.chunks(n.byte_range()));
        while let Some(m) = matches.next() {
            if !engine.predicates_hold(m, &resolver, text) {
                continue;
            }
            match engine.check(m.pattern_index) {
                Some(check) => {
                    let caps = Captures::Query { m, engine };
                    check.run(&caps, &mut ctx);
                }
                None => {
                    for cap in m.captures {
                        if let CaptureRole::Concept(id) = engine.role(cap.index) {
                            ctx.report(id, cap.node.byte_range());
                        }
                    }
                }
            }
        }
    }
    // The rules read into tables: one walk per range, the same depth limit.
    let mut deep_skipped = false;
    for range in ranges {
        let (start, depth) = match regions {
            Some(_) => (top_level_statement(root, range).unwrap_or(root), 1),
            None => (root, 0),
        };
        let skipped = engine.dispatch.run(start, range, MAX_ANALYSED_DEPTH.saturating_sub(depth), &mut ctx);
        if let Some(first) = skipped {
            note_too_deep(&[first]);
            deep_skipped = true;
        }
    }
    if regions.is_some() || passes.len() > query_ranges.len() || deep_skipped {
        // Patterns rooted at the module (settings modules, gunicorn configs) match whatever the
        // range; what they report outside the regions is not ours to replace.
        let inside = |r: &Range<usize>| ranges.iter().any(|g| g.start <= r.start && r.end <= g.end);
        ctx.findings.retain(|f| inside(&f.range));
        ctx.generic.retain(|(_, r, _)| inside(r));
        ctx.embedded.retain(|(f, _)| inside(&f.range));
        ctx.suppressions.retain(|s| inside(&s.range));
    }
    ctx.finish(outer)
}

/// Nesting deeper than this (in tree-sitter nodes) is not analysed. Hand-written code stays far
/// below it (a 50-term `Q(...) | Q(...)` chain is 50 deep, a deeply nested view a few dozen);
/// generated or hostile code does not (`x = a0 + a1 + ... + a69999` is 70,000 deep,
/// `qs.filter().filter()...` twice its length): there, matching each node would walk its
/// ancestors, which costs depth squared per node. Past the limit the subtree is skipped, and the
/// rest of the file is analysed as usual.
pub const MAX_ANALYSED_DEPTH: usize = 200;

/// At most this many subtrees are skipped one by one; past that, what lies between the last
/// of them and the end of the range is skipped too (each skipped subtree costs a query pass).
const MAX_SKIPPED_SUBTREES: usize = 64;

/// The byte ranges, in `range`, of the subtrees that start [`MAX_ANALYSED_DEPTH`] levels below
/// the root, in order. One iterative walk, that does not descend into them.
fn too_deep(root: Node<'_>, range: &Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        let inside = node.end_byte() > range.start && node.start_byte() < range.end;
        let mut descend = inside;
        if inside && depth >= MAX_ANALYSED_DEPTH {
            if out.len() == MAX_SKIPPED_SUBTREES {
                out.push(node.start_byte()..range.end);
                return out;
            }
            out.push(node.byte_range());
            descend = false;
        }
        if descend && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}

/// Says once per process that some code was too deeply nested to analyse.
fn note_too_deep(skipped: &[Range<usize>]) {
    static NOTED: OnceLock<()> = OnceLock::new();
    NOTED.get_or_init(|| {
        tracing::warn!(
            "subtrees nested deeper than {MAX_ANALYSED_DEPTH} levels were not analysed (the first at byte {})",
            skipped[0].start
        )
    });
}

/// At most this many matches in progress at once. Without a limit, each level of a deeply
/// nested expression (`f(f(f(...)))` 10,000 deep) keeps a match of every call pattern open, so
/// matching takes quadratic time and tree-sitter's capture lists grow until it crashes. Real
/// code stays far below the limit; in pathological nesting the outermost matches are dropped.
const MATCH_LIMIT: u32 = 256;

/// The module child that holds a byte range.
fn top_level_statement<'t>(root: Node<'t>, range: &Range<usize>) -> Option<Node<'t>> {
    let mut c = root.walk();
    let index = c.goto_first_child_for_byte(range.start)?;
    let _ = index;
    let node = c.node();
    (node.start_byte() <= range.start && range.end <= node.end_byte()).then_some(node)
}

/// Every concept the rules of one language can report.
pub fn concepts_of(lang: Lang) -> HashSet<ConceptId> {
    engine_for(lang).map(|e| e.concepts()).unwrap_or_default()
}

/// Every concept the detector can report.
pub fn implemented_concepts() -> HashSet<ConceptId> {
    let mut set: HashSet<ConceptId> = HashSet::new();
    for lang in Lang::ALL {
        if let Ok(e) = engine_for(lang) {
            set.extend(e.query_concepts());
        }
    }
    for check in checks::Check::ALL {
        set.extend(check.reports().iter().filter_map(|id| concept(id)));
    }
    set
}

/// The captures of one match, by helper name: a tree-sitter match, or a rule of the tables.
pub(crate) enum Captures<'a, 'm, 't> {
    Query { m: &'a tree_sitter::QueryMatch<'m, 't>, engine: &'a engine::Engine },
    Table { rule: &'a dispatch::Rule, binding: &'a [(u32, Node<'t>)] },
}

impl<'t> Captures<'_, '_, 't> {
    pub fn get(&self, name: &str) -> Option<Node<'t>> {
        match self {
            Captures::Query { m, engine } => {
                let index = engine.query.capture_index_for_name(name)?;
                m.nodes_for_capture_index(index).next()
            }
            Captures::Table { rule, binding } => {
                let index = rule.capture(name)?;
                binding.iter().find(|(c, _)| *c == index).map(|(_, n)| *n)
            }
        }
    }

    /// The concept captures of the match, for checks that only decide *whether* to report.
    pub fn concepts(&self) -> Vec<(ConceptId, Node<'t>)> {
        match self {
            Captures::Query { m, engine } => m
                .captures
                .iter()
                .filter_map(|c| match engine.role(c.index) {
                    CaptureRole::Concept(id) => Some((id, c.node)),
                    CaptureRole::Helper => None,
                })
                .collect(),
            Captures::Table { rule, binding } => binding
                .iter()
                .filter_map(|(c, n)| match rule.role(*c) {
                    CaptureRole::Concept(id) => Some((id, *n)),
                    CaptureRole::Helper => None,
                })
                .collect(),
        }
    }
}

/// What checks see and add to while one file is analysed.
pub(crate) struct Ctx<'a, 't> {
    pub lang: Lang,
    pub text: Text<'t>,
    pub resolver: &'a Resolver<'t>,
    /// The project's model index as this file sees it.
    pub project: &'a ProjectView<'a>,
    /// What the N+1 detector caches for this file (bindings and types per function).
    pub nplus1: RefCell<nplus1::Cache<'t>>,
    findings: Vec<Finding>,
    /// Generic concepts (a plain decorator, plain inheritance) reported only where no more specific
    /// concept claims the same place: `(concept, range, claim)` where a finding inside `claim`
    /// other than the concept itself silences it.
    generic: Vec<(ConceptId, Range<usize>, Range<usize>)>,
    /// Findings in SQL inside a Python string, with the lines of the call that runs it: a
    /// suppression comment on any of them covers the finding (the string's own lines may have
    /// no room for one).
    embedded: Vec<(Finding, Range<usize>)>,
    pub suppressions: Vec<Suppression>,
}

impl<'t> Ctx<'_, 't> {
    pub fn report(&mut self, concept: ConceptId, range: Range<usize>) {
        self.findings.push(Finding::new(concept, range));
    }

    /// A finding with a related place (the loop of an N+1 query).
    pub fn report_related(&mut self, id: &str, range: Range<usize>, related: Range<usize>) {
        if let Some(concept) = concept(id) {
            self.findings.push(Finding { range, concept, related: Some(related) });
        }
    }

    pub fn report_id(&mut self, id: &str, range: Range<usize>) {
        if let Some(c) = concept(id) {
            self.report(c, range);
        }
    }

    /// A finding in SQL embedded in a Python string; `anchor` is the lines of the call.
    pub fn report_embedded(&mut self, finding: Finding, anchor: Range<usize>) {
        self.embedded.push((finding, anchor));
    }

    pub fn report_generic(&mut self, id: &str, range: Range<usize>, claim: Range<usize>) {
        if let Some(c) = concept(id) {
            self.generic.push((c, range, claim));
        }
    }

    pub fn slice(&self, node: Node<'_>) -> std::borrow::Cow<'t, str> {
        self.text.slice(node.byte_range())
    }

    fn finish(mut self, outer: &[Suppression]) -> Analysis {
        let generic = std::mem::take(&mut self.generic);
        for (concept, range, claim) in generic {
            let claimed = self
                .findings
                .iter()
                .any(|f| f.concept != concept && f.range.start >= claim.start && f.range.end <= claim.end);
            if !claimed {
                self.report(concept, range);
            }
        }
        let embedded = std::mem::take(&mut self.embedded);
        let own = std::mem::take(&mut self.suppressions);
        self.findings.extend(suppress::apply_anchored(embedded, &own, outer));
        self.suppressions = own;
        let mut findings = self.findings;
        // One lesson per place: a finding inside another of the same concept (`cache_page` in
        // `@cache_page(60)`, `post_save` in `@receiver(post_save)`) adds nothing. Sweep each
        // concept by start (outer ranges first); a range ending before the furthest end seen so
        // far is inside an earlier one.
        // Among findings of one place, the one with the innermost related place (a query in
        // nested loops belongs to the innermost) comes first and is kept.
        findings.sort_unstable_by_key(|f| {
            (
                f.concept,
                f.range.start,
                std::cmp::Reverse(f.range.end),
                std::cmp::Reverse(f.related.as_ref().map(|r| (r.start, std::cmp::Reverse(r.end)))),
            )
        });
        findings.dedup();
        let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
        let mut group: Option<(ConceptId, usize)> = None;
        for f in findings {
            match group {
                Some((c, max_end)) if c == f.concept && f.range.end <= max_end => continue,
                Some((c, max_end)) if c == f.concept => group = Some((c, max_end.max(f.range.end))),
                _ => group = Some((f.concept, f.range.end)),
            }
            kept.push(f);
        }
        kept.sort_unstable();
        let findings = suppress::apply(suppress::apply(kept, &self.suppressions), outer);
        Analysis { findings, suppressions: self.suppressions }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod dispatch_oracle {
    //! The dispatch tables against tree-sitter: with every rule as a query pattern (the old
    //! engine), every file must yield exactly the same findings, in a project with a model index
    //! (the N+1 checks that rules hand to see relations then).
    use super::*;

    fn python_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let files = crate::check::collect_files(&[dir.to_path_buf()]).map(|l| l.files).unwrap_or_default();
        files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "py")).collect()
    }

    fn compare(files: &[std::path::PathBuf], index: &Arc<ProjectIndex>) -> (usize, usize) {
        let fast = engine::Engine::compile_with(engine::query_files(), true).unwrap();
        let slow = engine::Engine::compile_with(engine::query_files(), false).unwrap();
        let mut findings = 0;
        let mut checked = 0;
        for f in files {
            let Ok(text) = crate::check::read_source(f) else { continue };
            let Some(tree) = crate::document::parse_str(&text) else { continue };
            let root = tree.root_node();
            let project = crate::check::project_for(f, index);
            let summary = summary_of(Lang::Python, root, Text::Str(&text), &project);
            let view = project.index.view(project.path.as_deref(), &summary);
            let whole = |e: &engine::Engine| {
                let mut a = analyze_with(Lang::Python, e, root, Text::Str(&text), None, &[], &view);
                a.suppressions.sort_by_key(|s| s.range.start);
                a
            };
            let (fa, sa) = (whole(&fast), whole(&slow));
            assert_eq!(fa.suppressions, sa.suppressions, "{}: suppressions", f.display());
            // Each top-level statement as a region, as an edit inside it re-analyses it.
            let mut c = root.walk();
            let regions: Vec<Range<usize>> = root.named_children(&mut c).map(|n| n.byte_range()).collect();
            let region = |e: &engine::Engine| {
                analyze_with(Lang::Python, e, root, Text::Str(&text), Some(&regions), &sa.suppressions, &view).findings
            };
            let (ra, rb) = (region(&fast), region(&slow));
            let (a, b) = if ra != rb { (ra, rb) } else { (fa.findings, sa.findings) };
            if a != b {
                let only = |x: &[Finding], y: &[Finding]| -> Vec<String> {
                    x.iter().filter(|f| !y.contains(f)).map(|f| format!("{}@{:?}", f.id(), f.range)).collect()
                };
                panic!(
                    "{}: tables and query disagree\n  tables only: {:?}\n  query only: {:?}",
                    f.display(),
                    only(&a, &b),
                    only(&b, &a)
                );
            }
            findings += a.len();
            checked += 1;
        }
        (checked, findings)
    }

    #[test]
    fn the_tables_find_what_the_query_finds_on_fixtures_and_examples() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = python_files(&root.join("tests/concepts"));
        files.extend(python_files(&root.join("examples")));
        // The fixtures' small project and the examples' models, as the fixture test has them.
        let index = Arc::new(project::build(&[root.join("tests/concepts/shop"), root.join("examples")]));
        assert!(index.len() >= 3, "the oracle runs with models: {} model files", index.len());
        let (checked, findings) = compare(&files, &index);
        assert!(checked > 20 && findings > 500, "{checked} files, {findings} findings");
        let fast = engine::Engine::compile_with(engine::query_files(), true).unwrap();
        assert!(fast.dispatch.rules.len() > 100, "most rules are in tables: {}", fast.dispatch.rules.len());
    }

    /// `ORACLE_DIR=~/.cache/.../django cargo test --release -- --ignored tables_on_a_real_tree`
    #[test]
    #[ignore]
    fn tables_on_a_real_tree() {
        let dir = std::env::var("ORACLE_DIR").expect("ORACLE_DIR");
        let files = python_files(std::path::Path::new(&dir));
        let index = crate::check::project_index(&files);
        let (checked, findings) = compare(&files, &index);
        eprintln!("model index: {} files", index.len());
        eprintln!("{checked} files, {findings} findings: the same");
    }
}

#[cfg(test)]
mod phases {
    //! `PHASES_DIR=path cargo test --release -p interview-prep --lib -- --ignored phase_times --nocapture`
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    #[ignore]
    fn phase_times() {
        let dir = std::env::var("PHASES_DIR").unwrap();
        let files = crate::check::collect_files(&[dir.into()]).unwrap().files;
        let texts: Vec<String> = files.iter().filter_map(|f| crate::check::read_source(f).ok()).collect();
        let engine = engine::engine().unwrap();
        let only = std::env::var("PHASE").unwrap_or_default();
        let on = |p: &str| only.is_empty() || only == p;
        let (mut parse, mut resolver_t, mut deep, mut table, mut query, mut all) = Default::default();
        let add = |d: &mut Duration, t: Instant| *d += t.elapsed();
        for text in &texts {
            let t = Instant::now();
            let tree = crate::document::parse_str(text).unwrap();
            add(&mut parse, t);
            let root = tree.root_node();
            let t = Instant::now();
            let resolver = resolve::Resolver::new(root, Text::Str(text));
            let _ = resolver.enclosing_scope(root);
            add(&mut resolver_t, t);
            let t = Instant::now();
            if on("deep") {
                let _ = too_deep(root, &root.byte_range());
            }
            add(&mut deep, t);
            let t = Instant::now();
            if on("tables") {
                let local = FileSummary::default();
                let index = ProjectIndex::empty();
                let view = index.view(None, &local);
                let mut ctx = Ctx {
                    lang: Lang::Python,
                    text: Text::Str(text),
                    resolver: &resolver,
                    project: &view,
                    nplus1: RefCell::default(),
                    findings: Vec::new(),
                    generic: Vec::new(),
                    embedded: Vec::new(),
                    suppressions: Vec::new(),
                };
                engine.dispatch.run(root, &root.byte_range(), MAX_ANALYSED_DEPTH, &mut ctx);
            }
            add(&mut table, t);
            let t = Instant::now();
            if on("query") {
                let mut cursor = QueryCursor::new();
                let mut m = cursor.matches(&engine.query, root, text.as_bytes());
                while let Some(m) = m.next() {
                    let _ = engine.predicates_hold(m, &resolver, Text::Str(text));
                }
            }
            add(&mut query, t);
            let t = Instant::now();
            if on("all") {
                let _ = analyze(&tree, Text::Str(text));
            }
            add(&mut all, t);
        }
        eprintln!(
            "{} files: parse {parse:?} · resolver {resolver_t:?} · depth walk {deep:?} · tables {table:?} · query {query:?} · analyze (all) {all:?}",
            texts.len()
        );
    }
}
