//! Concept detection: one pass of the compiled queries over a tree, plus Rust-side checks where a
//! query cannot say it, turns Python source into [`Finding`]s.

pub mod catalog;
mod checks;
pub mod engine;
pub mod fixes;
pub mod fixtures;
mod flow;
mod nplus1;
mod orm;
pub mod project;
pub mod resolve;
pub mod suppress;

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCursor, Tree};

pub use catalog::{catalog, concept, Concept, ConceptId, Kind};
use engine::{engine, CaptureRole};
use project::{FileSummary, ProjectIndex, ProjectView};
use resolve::Resolver;
pub use suppress::Suppression;

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
    analyze_node(tree.root_node(), text, None, &[], project, summary)
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
    analyze_node(tree.root_node(), text, Some(regions), suppressions, project, summary)
}

fn analyze_node(
    root: Node<'_>,
    text: Text<'_>,
    regions: Option<&[Range<usize>]>,
    outer: &[Suppression],
    project: &Project,
    summary: Option<&FileSummary>,
) -> Analysis {
    let engine = match engine() {
        Ok(engine) => engine,
        Err(err) => {
            static LOGGED: OnceLock<()> = OnceLock::new();
            LOGGED.get_or_init(|| tracing::error!("concept queries failed to compile: {err}"));
            return Analysis::default();
        }
    };
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
    let own;
    let summary = match summary {
        Some(s) => s,
        None => {
            own = project::summarize(root, text, project.path.as_deref());
            &own
        }
    };
    let view = project.index.view(project.path.as_deref(), summary);
    let mut ctx = Ctx {
        text,
        resolver: &resolver,
        project: &view,
        nplus1: RefCell::default(),
        findings: Vec::new(),
        generic: Vec::new(),
        suppressions: Vec::new(),
    };
    let mut cursor = QueryCursor::new();
    cursor.set_match_limit(MATCH_LIMIT);
    // Subtrees nested deeper than any hand-written code are left out of the query passes (the
    // ranges between them are matched); see `MAX_ANALYSED_DEPTH`.
    let mut passes: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
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
                    let caps = Captures { m, engine };
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
    if regions.is_some() || passes.len() > ranges.len() {
        // Patterns rooted at the module (settings modules, gunicorn configs) match whatever the
        // range; what they report outside the regions is not ours to replace.
        let inside = |r: &Range<usize>| ranges.iter().any(|g| g.start <= r.start && r.end <= g.end);
        ctx.findings.retain(|f| inside(&f.range));
        ctx.generic.retain(|(_, r, _)| inside(r));
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
            "{} subtree(s) nested deeper than {MAX_ANALYSED_DEPTH} levels were not analysed (first at byte {})",
            skipped.len(),
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

/// Every concept the detector can report.
pub fn implemented_concepts() -> HashSet<ConceptId> {
    let mut set: HashSet<ConceptId> = match engine() {
        Ok(e) => e.query_concepts().collect(),
        Err(_) => HashSet::new(),
    };
    for check in checks::Check::ALL {
        set.extend(check.reports().iter().filter_map(|id| concept(id)));
    }
    set
}

/// The captures of one match, by helper name.
pub(crate) struct Captures<'a, 'm, 't> {
    m: &'a tree_sitter::QueryMatch<'m, 't>,
    engine: &'static engine::Engine,
}

impl<'t> Captures<'_, '_, 't> {
    pub fn get(&self, name: &str) -> Option<Node<'t>> {
        let index = self.engine.query.capture_index_for_name(name)?;
        self.m.nodes_for_capture_index(index).next()
    }

    /// The concept captures of the match, for checks that only decide *whether* to report.
    pub fn concepts(&self) -> impl Iterator<Item = (ConceptId, Node<'t>)> + '_ {
        self.m.captures.iter().filter_map(|c| match self.engine.role(c.index) {
            CaptureRole::Concept(id) => Some((id, c.node)),
            CaptureRole::Helper => None,
        })
    }
}

/// What checks see and add to while one file is analysed.
pub(crate) struct Ctx<'a, 't> {
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
