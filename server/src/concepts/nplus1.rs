//! The N+1 query detector: for each loop and comprehension, the queries its body runs once per
//! item.
//!
//! A small abstract interpretation of one function types the expressions a loop touches: a
//! model class (`Ticket`, `get_model("order", "Line")`), rows of a model (a manager, a queryset
//! chain with what its `select_related` / `prefetch_related` / `annotate` / `values` cover, a
//! related manager), a model instance (with what is already loaded for it), plain data, or
//! unknown. Names are followed to the last assignment before their use in the same function,
//! loop targets to the items of their iterable, `self` to its class; the project index
//! ([`super::project`]) says which attributes of which models are relations, managers, or
//! methods that query. What nothing says is unknown, and unknown never reports.
//!
//! What a loop's body reports, at the per-item read (the loop is the related place):
//! - a read of a forward or reverse single relation (or a property or method that queries) of an
//!   object that is new in each iteration, that nothing on its queryset covers: one per object
//!   per loop, at the first read (the fix is one `select_related` on that queryset);
//! - queries the body runs on every iteration: a related-manager call (`.all()`, `.count()`,
//!   `.filter()`...), a `Model.objects...` chain or a queryset chain that is evaluated in the
//!   body (iterated, `.get()`, `.count()`, `.exists()`, `len()`, a condition...): one per loop,
//!   at the first (writes such as `.create()` or `.add()` are another pitfall);
//! - an inner loop over a query built in the body: one per inner loop.
//!
//! Iterating plain data is never an N+1 by itself; a loop over model classes (`for model in
//! models: model.objects...`) runs one query per table, not per row, and a loop over a tuple or
//! list written out runs as often as the code says: neither is reported.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use tree_sitter::Node;

/// Queryset methods that return another queryset of the same rows.
use super::orm::SAME_ROWS as CHAIN;
use super::project::{Cover, FieldKind, Member, ProjectView, QueryUse, ReturnRoot, MANAGER_READS, WRITES};
use super::resolve::Resolver;
use super::{Captures, Ctx};
use crate::text::Text;

/// Model class names (more than one when only a name-based guess says which); empty: unknown.
type Models = Rc<[Rc<str>]>;

#[derive(Clone, Debug)]
struct Rows {
    models: Models,
    cover: Cover,
    /// `values()` / `values_list()`: dicts and tuples, not instances.
    values: bool,
    /// A related manager (`ticket.followup_set`), or a chain on one.
    related: bool,
    /// A related manager whose objects a `prefetch_related` already loaded.
    prefetched: bool,
    /// The manager or queryset class, for its custom methods.
    manager: Option<Rc<str>>,
}

#[derive(Clone, Debug)]
struct Inst {
    models: Models,
    cover: Cover,
}

#[derive(Clone, Debug)]
enum Ty<'t> {
    Unknown,
    Plain,
    /// A model class itself.
    Class(Models),
    Rows(Rows),
    Instance(Inst),
    Tuple(Rc<[Ty<'t>]>),
    /// Something iterable whose items are known (`list(qs)`, `enumerate(qs)`).
    Items(Rc<Ty<'t>>),
    /// `self` in a class that names its model or queryset (`model = Ticket`, `queryset = ...`).
    View {
        model: Option<Models>,
        queryset: Option<Node<'t>>,
    },
}

fn unknown_models() -> Models {
    Rc::from(Vec::<Rc<str>>::new())
}

fn models_of(names: &[String]) -> Models {
    names.iter().map(|n| Rc::from(n.as_str())).collect::<Vec<_>>().into()
}

/// Methods that run the query and return one object.
const ONE: &[&str] = &["get", "first", "last", "earliest", "latest"];

/// Methods that run the query (or return something computed by it).
use super::project::EVALUATES as EVALUATING;

/// Manager methods Django answers from a process-wide cache after the first call
/// (`ContentType.objects.get_for_model(...)`, `Site.objects.get_current()`).
const CACHED_LOOKUPS: &[&str] = &["get_for_id", "get_for_model", "get_for_models", "get_current"];

/// Builtins that evaluate an iterable passed to them.
const EVALUATING_BUILTINS: &[&str] = &[
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "filter",
    "frozenset",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "reversed",
    "set",
    "sorted",
    "sum",
    "tuple",
    "zip",
];

/// Methods of tree models (django-mptt, django-treebeard) that return querysets.
const TREE_ROWS: &[&str] =
    &["get_ancestors", "get_children", "get_descendants", "get_family", "get_siblings", "get_leafnodes"];

/// Methods a related manager has; an unknown object whose attribute of a many-relation name is
/// called with one of these is taken for a model instance (the old, index-free heuristic).
const RELATED_MANAGER_METHODS: &[&str] = &[
    "aggregate",
    "all",
    "annotate",
    "count",
    "exclude",
    "exists",
    "filter",
    "first",
    "get",
    "last",
    "order_by",
    "values",
    "values_list",
];

/// Attribute names that, read off a related value, say it was not a relation after all (a date,
/// a string, a file), so `order.created_at.year` is not an N+1 when the model is unknown.
const NON_RELATION_ATTRIBUTES: &[&str] = &[
    "date",
    "day",
    "endswith",
    "format",
    "hour",
    "isoformat",
    "lower",
    "minute",
    "month",
    "path",
    "quantize",
    "replace",
    "second",
    "size",
    "split",
    "startswith",
    "strftime",
    "strip",
    "time",
    "timestamp",
    "title",
    "upper",
    "url",
    "year",
];

/// At most this many nodes of one loop are looked at (a generated 100,000-line loop body is not
/// hand-written code).
const MAX_LOOP_NODES: usize = 50_000;
/// How deep typing follows names and chains.
const MAX_TYPE_DEPTH: usize = 24;

/// What the detector caches while one file is analysed: each function's bindings, each
/// expression's type.
#[derive(Default)]
pub(crate) struct Cache<'t> {
    bindings: HashMap<usize, Rc<Bindings<'t>>>,
    types: HashMap<usize, Ty<'t>>,
}

/// How a name gets its value in one function.
struct Bind<'t> {
    /// Where the binding takes effect: after its assignment, at the start of its loop's body.
    from: usize,
    /// An import inside the function.
    import: bool,
    value: Option<Node<'t>>,
    /// Which element of a tuple value (`obj, created = ...get_or_create()`).
    path: Rc<[usize]>,
    /// The value is iterated (`for x in value`), the name is one item.
    iterated: bool,
}

#[derive(Default)]
struct Bindings<'t> {
    names: HashMap<String, Vec<Bind<'t>>>,
    /// Parameters, with their annotation.
    params: Vec<(String, Option<Node<'t>>)>,
    /// `name.append(x)`: the first few `x` per name.
    appends: HashMap<String, Vec<Node<'t>>>,
}

/// One place that runs a query per item.
struct Site {
    range: Range<usize>,
    group: Group,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Group {
    /// Relation reads of one per-item object (keyed by its expression).
    Read(String),
    /// Queries run by the body.
    Query,
    /// An inner loop over a query (keyed by its start).
    Nested(usize),
}

/// The read-only context typing needs.
struct Env<'e, 't> {
    text: Text<'t>,
    resolver: &'e Resolver<'t>,
    view: &'e ProjectView<'e>,
    cache: &'e RefCell<Cache<'t>>,
}

pub(crate) fn n_plus_one<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(lp) = caps.get("_loop") else { return };
    let env = Env { text: ctx.text, resolver: ctx.resolver, view: ctx.project, cache: &ctx.nplus1 };
    let found: Vec<(Range<usize>, Range<usize>)> = if lp.kind() == "class_definition" {
        serializer_sites(&env, lp)
    } else {
        let Some(header) = header(lp) else { return };
        analyse_loop(&env, lp).into_iter().map(|s| (s.range, header.clone())).collect()
    };
    for (range, related) in found {
        ctx.report_related("n-plus-one", range, related);
    }
}

/// A DRF serializer runs its `SerializerMethodField` methods and its nested serializers once per
/// object it serializes: the queries they run per object (the field is the related place).
fn serializer_sites<'t>(env: &Env<'_, 't>, class: Node<'t>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let Some(model) = serializer_model(env, class) else { return out };
    let Some(body) = class.child_by_field_name("body") else { return out };
    let mut seen: HashSet<String> = HashSet::new();
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let Some((name, call)) = field_declaration(stmt, env.text) else { continue };
        let Some(callee) = call.child_by_field_name("function") else { continue };
        let callee = env.text.slice(callee.byte_range());
        let callee = callee.rsplit('.').next().unwrap_or("");
        if callee == "SerializerMethodField" {
            let method = keyword_string(call, "method_name", env.text).unwrap_or_else(|| format!("get_{name}"));
            let Some(def) = method_def(body, &method, env.text) else { continue };
            let Some(obj) = second_parameter(def, env.text) else { continue };
            let Some(def_body) = def.child_by_field_name("body") else { continue };
            let seeds: HashSet<String> = [obj].into_iter().collect();
            for site in analyse_repeated(env, &[], &seeds, &[def_body], false) {
                // The same read in several fields (`obj.user.id`, `obj.user.username`) is one
                // query per object to fix once: the first field shows it.
                if seen.insert(env.text.slice(site.range.clone()).into_owned()) {
                    out.push((site.range, stmt.byte_range()));
                }
            }
        } else if callee.ends_with("Serializer") && has_true_keyword(call, "many", env.text) {
            // `followup_set = FollowUpSerializer(many=True)`: a query per object, unless the view
            // prefetches it.
            let source = keyword_string(call, "source", env.text).unwrap_or_else(|| name.clone());
            let relation = source.split('.').next().unwrap_or("").to_string();
            let many = matches!(
                member(env, &model, &relation),
                Some(Member::Field(ref f)) if f.kind.is_many()
            ) || matches!(member(env, &model, &relation), Some(Member::Reverse { many: true, .. }));
            if many {
                if let Some(left) = stmt.named_child(0).and_then(|a| a.child_by_field_name("left")) {
                    out.push((left.byte_range(), stmt.byte_range()));
                }
            }
        }
    }
    out
}

/// The model of a DRF serializer class (`class Meta: model = Ticket`), when it is one.
fn serializer_model<'t>(env: &Env<'_, 't>, class: Node<'t>) -> Option<Models> {
    let bases = class.child_by_field_name("superclasses")?;
    let serializer = {
        let mut c = bases.walk();
        let found = bases.named_children(&mut c).any(|b| env.text.slice(b.byte_range()).ends_with("Serializer"));
        found
    };
    if !serializer {
        return None;
    }
    let body = class.child_by_field_name("body")?;
    let mut c = body.walk();
    let meta = body.named_children(&mut c).find(|s| {
        s.kind() == "class_definition"
            && s.child_by_field_name("name").is_some_and(|n| env.text.slice(n.byte_range()) == "Meta")
    })?;
    let meta_body = meta.child_by_field_name("body")?;
    let mut c = meta_body.walk();
    for stmt in meta_body.named_children(&mut c) {
        let Some(a) = stmt.named_child(0).filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            continue;
        };
        if a.child_by_field_name("left").is_some_and(|l| env.text.slice(l.byte_range()) == "model") {
            let value = a.child_by_field_name("right")?;
            return match ty(env, value, 1) {
                Ty::Class(m) if !m.is_empty() && m.iter().all(|m| env.view.is_model(m)) => Some(m),
                _ => None,
            };
        }
    }
    None
}

/// `name = call(...)` in a class body.
fn field_declaration<'t>(stmt: Node<'t>, text: Text<'_>) -> Option<(String, Node<'t>)> {
    let a = stmt.named_child(0).filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")?;
    let left = a.child_by_field_name("left").filter(|l| l.kind() == "identifier")?;
    let right = a.child_by_field_name("right").filter(|r| r.kind() == "call")?;
    Some((text.slice(left.byte_range()).into_owned(), right))
}

fn keyword_string(call: Node<'_>, name: &str, text: Text<'_>) -> Option<String> {
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let value = args.named_children(&mut c).find_map(|a| {
        (a.kind() == "keyword_argument"
            && a.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == name))
        .then(|| a.child_by_field_name("value"))
        .flatten()
    })?;
    super::orm::string_value(value, text).map(|s| s.into_owned())
}

fn has_true_keyword(call: Node<'_>, name: &str, text: Text<'_>) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else { return false };
    let mut c = args.walk();
    let found = args.named_children(&mut c).any(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == name)
            && a.child_by_field_name("value").is_some_and(|v| v.kind() == "true")
    });
    found
}

/// A method of a class body, by name.
fn method_def<'t>(body: Node<'t>, name: &str, text: Text<'_>) -> Option<Node<'t>> {
    let mut c = body.walk();
    let found = body.named_children(&mut c).find_map(|s| {
        let def = match s.kind() {
            "decorated_definition" => s.child_by_field_name("definition")?,
            "function_definition" => s,
            _ => return None,
        };
        (def.kind() == "function_definition"
            && def.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == name))
        .then_some(def)
    });
    found
}

fn second_parameter(def: Node<'_>, text: Text<'_>) -> Option<String> {
    let params = def.child_by_field_name("parameters")?;
    let p = params.named_child(1)?;
    let name = match p.kind() {
        "identifier" => p,
        "typed_parameter" => p.named_child(0)?,
        "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name")?,
        _ => return None,
    };
    Some(text.slice(name.byte_range()).into_owned())
}

/// The object a serializer method field's method is called with, one per serialized object:
/// `def get_queue(self, obj)` of a serializer whose `Meta.model` is a model.
fn serializer_object_ty<'t>(env: &Env<'_, 't>, func: Node<'t>) -> Option<Ty<'t>> {
    let name = env.text.slice(func.child_by_field_name("name")?.byte_range()).into_owned();
    let decorated = func.parent().filter(|p| p.kind() == "decorated_definition");
    let block = decorated.unwrap_or(func).parent().filter(|b| b.kind() == "block")?;
    let class = block.parent().filter(|c| c.kind() == "class_definition")?;
    let model = serializer_model(env, class)?;
    let mut c = block.walk();
    let declared = block.named_children(&mut c).any(|stmt| {
        let Some((field, call)) = field_declaration(stmt, env.text) else { return false };
        let callee = call
            .child_by_field_name("function")
            .map(|f| env.text.slice(f.byte_range()).into_owned())
            .unwrap_or_default();
        callee.ends_with("SerializerMethodField")
            && keyword_string(call, "method_name", env.text).unwrap_or_else(|| format!("get_{field}")) == name
    });
    declared.then(|| Ty::Instance(Inst { models: model, cover: Cover::default() }))
}

/// The part of a loop the related information points at: `for x in xs`, `while cond`, the
/// first `for ... in ...` of a comprehension.
fn header(lp: Node<'_>) -> Option<Range<usize>> {
    match lp.kind() {
        "for_statement" => Some(lp.start_byte()..lp.child_by_field_name("right")?.end_byte()),
        "while_statement" => Some(lp.start_byte()..lp.child_by_field_name("condition")?.end_byte()),
        _ => first_clause(lp).map(|c| c.byte_range()),
    }
}

fn first_clause(lp: Node<'_>) -> Option<Node<'_>> {
    let mut c = lp.walk();
    let found = lp.named_children(&mut c).find(|n| n.kind() == "for_in_clause");
    found
}

/// A loop over a tuple, list or set written out (`for page in (copied, child)`): it runs as many
/// times as the code says, not once per row, like a loop over model classes.
fn iterates_literal(lp: Node<'_>) -> bool {
    let iterable = match lp.kind() {
        "for_statement" => lp.child_by_field_name("right"),
        "while_statement" => None,
        _ => first_clause(lp).and_then(|c| c.child_by_field_name("right")),
    };
    iterable.map(unparen).is_some_and(|i| matches!(i.kind(), "tuple" | "list" | "set"))
}

/// What a loop runs per item: its targets, and the nodes evaluated once per iteration.
fn loop_parts<'t>(lp: Node<'t>) -> (Vec<Node<'t>>, Vec<Node<'t>>) {
    let mut targets = Vec::new();
    let mut body = Vec::new();
    match lp.kind() {
        "for_statement" => {
            targets.extend(lp.child_by_field_name("left"));
            body.extend(lp.child_by_field_name("body"));
        }
        "while_statement" => {
            body.extend(lp.child_by_field_name("condition"));
            body.extend(lp.child_by_field_name("body"));
        }
        _ => {
            // A comprehension: the first clause's iterable is evaluated once; everything else,
            // later clauses included, once per item.
            let first = first_clause(lp);
            let mut c = lp.walk();
            for child in lp.named_children(&mut c) {
                if Some(child) == first {
                    targets.extend(child.child_by_field_name("left"));
                    continue;
                }
                if child.kind() == "for_in_clause" {
                    targets.extend(child.child_by_field_name("left"));
                }
                body.push(child);
            }
        }
    }
    (targets, body)
}

fn analyse_loop<'t>(env: &Env<'_, 't>, lp: Node<'t>) -> Vec<Site> {
    if iterates_literal(lp) {
        return Vec::new();
    }
    let (targets, body) = loop_parts(lp);
    analyse_repeated(env, &targets, &HashSet::new(), &body, true)
}

/// The sites of code that runs once per item: `targets` and `seeds` name the item, `body` is
/// what runs per item. In a loop, what a `return` runs it runs once.
fn analyse_repeated<'t>(
    env: &Env<'_, 't>,
    targets: &[Node<'t>],
    seeds: &HashSet<String>,
    body: &[Node<'t>],
    is_loop: bool,
) -> Vec<Site> {
    if body.is_empty() {
        return Vec::new();
    }
    let nodes = preorder(body);
    let mut idents: HashMap<String, Vec<Node<'t>>> = HashMap::new();
    for n in nodes.iter().filter(|n| n.kind() == "identifier") {
        idents.entry(env.text.slice(n.byte_range()).into_owned()).or_default().push(*n);
    }
    let mut per_item = per_item_names(env, targets, &nodes);
    let nodes = Body { nodes, idents };
    per_item.extend(seeds.iter().cloned());
    let mut sites: Vec<Site> = Vec::new();
    for &node in &nodes.nodes {
        match node.kind() {
            "attribute" => {
                if let Some(s) = manager_root(env, node, &per_item, &nodes) {
                    sites.push(s);
                }
                if let Some(s) = relation_read(env, node, &per_item) {
                    sites.push(s);
                }
            }
            "call" => {
                if let Some(s) = related_manager_call(env, node, &per_item) {
                    sites.push(s);
                } else if let Some(s) = rows_call_root(env, node, &per_item, &nodes) {
                    sites.push(s);
                }
                if let Some(s) = querying_method(env, node, &per_item) {
                    sites.push(s);
                }
            }
            _ => {}
        }
    }
    // What a `return` or `raise` runs, it runs once: the loop ends there.
    let once: Vec<Range<usize>> = nodes
        .nodes
        .iter()
        .filter(|n| is_loop && matches!(n.kind(), "return_statement" | "raise_statement"))
        .map(|n| n.byte_range())
        .collect();
    sites.retain(|s| !once.iter().any(|r| r.start <= s.range.start && s.range.end <= r.end));
    // One site per group, the first in the text.
    sites.sort_by_key(|s| (s.range.start, s.range.end));
    let mut seen: HashSet<Group> = HashSet::new();
    sites.retain(|s| seen.insert(s.group.clone()));
    sites
}

/// The nodes of a loop body in document order, without nested defs, classes and lambdas.
/// What runs per item, in document order, and its identifiers by name.
struct Body<'t> {
    nodes: Vec<Node<'t>>,
    idents: HashMap<String, Vec<Node<'t>>>,
}

/// Nesting below a loop body deeper than this is not looked at: hand-written code stays far
/// above it, and every site asks a node for its parent, which costs its depth.
const MAX_BODY_DEPTH: usize = 100;

fn preorder<'t>(roots: &[Node<'t>]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Node<'t>, usize)> = roots.iter().rev().map(|r| (*r, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        if out.len() >= MAX_LOOP_NODES {
            break;
        }
        if matches!(n.kind(), "function_definition" | "class_definition" | "lambda" | "decorated_definition") {
            continue;
        }
        out.push(n);
        if depth >= MAX_BODY_DEPTH {
            continue;
        }
        let mut c = n.walk();
        let children: Vec<Node<'t>> = n.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev().map(|ch| (ch, depth + 1)));
    }
    out
}

/// Names whose value is new in each iteration: the loop's targets, the targets of loops inside
/// it, and names the body assigns from those or from a query that fetches an object.
fn per_item_names<'t>(env: &Env<'_, 't>, targets: &[Node<'t>], nodes: &[Node<'t>]) -> HashSet<String> {
    let mut names = HashSet::new();
    for t in targets {
        bind_names(*t, env.text, &mut names);
    }
    for n in nodes {
        match n.kind() {
            "for_statement" | "for_in_clause" => {
                if let Some(l) = n.child_by_field_name("left") {
                    bind_names(l, env.text, &mut names);
                }
            }
            "as_pattern_target" => bind_names(*n, env.text, &mut names),
            _ => {}
        }
    }
    for _ in 0..2 {
        for n in nodes {
            if n.kind() != "assignment" {
                continue;
            }
            let (Some(left), Some(right)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
                continue;
            };
            let fresh = mentions(right, &names, env.text) || fetches_instance(env, right);
            if fresh {
                bind_names(left, env.text, &mut names);
            }
        }
    }
    names
}

fn bind_names(target: Node<'_>, text: Text<'_>, out: &mut HashSet<String>) {
    match target.kind() {
        "identifier" => {
            out.insert(text.slice(target.byte_range()).into_owned());
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" | "as_pattern_target" | "parenthesized_expression" => {
            let mut c = target.walk();
            for t in target.named_children(&mut c) {
                bind_names(t, text, out);
            }
        }
        _ => {}
    }
}

/// Whether an expression mentions one of `names` (outside nested lambdas).
fn mentions(expr: Node<'_>, names: &HashSet<String>, text: Text<'_>) -> bool {
    if names.is_empty() {
        return false;
    }
    let mut stack = vec![expr];
    let mut budget = 2_000;
    while let Some(n) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            return false;
        }
        match n.kind() {
            "identifier" if names.contains(&*text.slice(n.byte_range())) => return true,
            "lambda" => continue,
            // `x.attr`: only the object can be a name.
            "attribute" => {
                stack.extend(n.child_by_field_name("object"));
                continue;
            }
            "keyword_argument" => {
                stack.extend(n.child_by_field_name("value"));
                continue;
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Whether an expression fetches a model instance from the database (`X.objects.get(...)`,
/// `qs.first()`, `get_object_or_404(X, ...)`).
fn fetches_instance<'t>(env: &Env<'_, 't>, expr: Node<'t>) -> bool {
    let expr = unparen(expr);
    if expr.kind() != "call" {
        return false;
    }
    let tuple_first =
        matches!(ty(env, expr, 0), Ty::Tuple(ref items) if matches!(items.first(), Some(Ty::Instance(_))));
    matches!(ty(env, expr, 0), Ty::Instance(_)) || tuple_first
}

fn unparen(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_expression" || n.kind() == "await" {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

fn is_per_item(expr: Node<'_>, per_item: &HashSet<String>, text: Text<'_>) -> bool {
    mentions(expr, per_item, text)
}

fn is_call_function(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(node))
}

fn is_assigned(node: Node<'_>) -> bool {
    let Some(p) = node.parent() else { return false };
    match p.kind() {
        "assignment" | "augmented_assignment" => p.child_by_field_name("left") == Some(node),
        "pattern_list" | "tuple_pattern" | "delete_statement" => true,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Sites

/// `obj.fk` (or `obj.some_property`) read off an object that is new in each iteration.
fn relation_read<'t>(env: &Env<'_, 't>, node: Node<'t>, per_item: &HashSet<String>) -> Option<Site> {
    if is_call_function(node) || is_assigned(node) {
        return None;
    }
    let object = node.child_by_field_name("object")?;
    let attr = env.text.slice(node.child_by_field_name("attribute")?.byte_range());
    if !matches!(object.kind(), "identifier" | "attribute") || !is_per_item(object, per_item, env.text) {
        return None;
    }
    let Ty::Instance(inst) = ty(env, object, 0) else { return None };
    let key = env.text.slice(object.byte_range()).into_owned();
    let site = || Some(Site { range: node.byte_range(), group: Group::Read(key.clone()) });
    match member(env, &inst.models, &attr) {
        Some(Member::Field(f)) if f.kind.is_single() => {
            let covered = inst.cover.has(&attr)
                || (inst.cover.select_all && !f.null && matches!(f.kind, FieldKind::ForeignKey | FieldKind::OneToOne));
            if covered {
                return None;
            }
            site()
        }
        Some(Member::Reverse { many: false, .. }) => {
            if inst.cover.has(&attr) {
                return None;
            }
            site()
        }
        Some(Member::Method(q)) if q.property && q.runs_queries(&inst.cover) && !inst.cover.has(&attr) => {
            Some(Site { range: node.byte_range(), group: method_group(&q, key) })
        }
        Some(_) => None,
        None => {
            // A model the project does not define (or no index): the index-free heuristic, a
            // read through an attribute (`row.rel.attr`) that does not look like a value.
            if !unknown_model(env, &inst.models) || inst.cover.has(&attr) || inst.cover.select_all {
                return None;
            }
            let parent = node.parent()?;
            if parent.kind() != "attribute" || parent.child_by_field_name("object") != Some(node) {
                return None;
            }
            let next = env.text.slice(parent.child_by_field_name("attribute")?.byte_range());
            if is_call_function(parent) || NON_RELATION_ATTRIBUTES.contains(&&*next) || attr.ends_with("_id") {
                return None;
            }
            site()
        }
    }
}

/// A model named by its queryset but defined nowhere the analysis can see.
fn unknown_model(env: &Env<'_, '_>, models: &Models) -> bool {
    !models.is_empty() && models.iter().all(|m| !env.view.is_model(m))
}

/// A method that only follows relations of its object reads like those relations; one that runs
/// queries of its own is one of the body's queries.
fn method_group(q: &QueryUse, object: String) -> Group {
    if q.queries {
        Group::Query
    } else {
        Group::Read(object)
    }
}

/// `obj.method()` / `str(obj)` on a per-item object whose method runs queries.
fn querying_method<'t>(env: &Env<'_, 't>, call: Node<'t>, per_item: &HashSet<String>) -> Option<Site> {
    let f = call.child_by_field_name("function")?;
    let (object, method, range) = match f.kind() {
        "attribute" => (
            f.child_by_field_name("object")?,
            env.text.slice(f.child_by_field_name("attribute")?.byte_range()),
            f.byte_range(),
        ),
        "identifier" if env.text.slice(f.byte_range()) == "str" => {
            let arg = call.child_by_field_name("arguments")?.named_child(0)?;
            (arg, "__str__".into(), call.byte_range())
        }
        _ => return None,
    };
    if !matches!(object.kind(), "identifier" | "attribute") || !is_per_item(object, per_item, env.text) {
        return None;
    }
    let Ty::Instance(inst) = ty(env, object, 0) else { return None };
    match member(env, &inst.models, &method) {
        Some(Member::Method(q)) if !q.property && q.runs_queries(&inst.cover) => {
            let key = env.text.slice(object.byte_range()).into_owned();
            Some(Site { range, group: method_group(&q, key) })
        }
        _ => None,
    }
}

/// `obj.rel.<read>(...)`: a related manager queried in the body (on any object: a related
/// manager caches nothing unless prefetched).
fn related_manager_call<'t>(env: &Env<'_, 't>, call: Node<'t>, per_item: &HashSet<String>) -> Option<Site> {
    let f = call.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
    let method = env.text.slice(f.child_by_field_name("attribute")?.byte_range());
    let hop = f.child_by_field_name("object").filter(|o| o.kind() == "attribute")?;
    if WRITES.contains(&&*method) {
        return None;
    }
    let object = hop.child_by_field_name("object")?;
    let accessor = env.text.slice(hop.child_by_field_name("attribute")?.byte_range());
    let rows = match ty(env, hop, 0) {
        Ty::Rows(r) if r.related => r,
        _ => {
            // Not known to be a relation: the index-free heuristic for a per-item object of a
            // model nothing defines.
            let Ty::Instance(inst) = ty(env, object, 0) else { return None };
            if !unknown_model(env, &inst.models)
                || !is_per_item(object, per_item, env.text)
                || !RELATED_MANAGER_METHODS.contains(&&*method)
                || inst.cover.has(&accessor)
            {
                return None;
            }
            Rows {
                models: unknown_models(),
                cover: Cover::default(),
                values: false,
                related: true,
                prefetched: false,
                manager: None,
            }
        }
    };
    if rows.prefetched && matches!(&*method, "all" | "count" | "exists") {
        return None;
    }
    // Known only by its name (the object's model is unknown): only unmistakable manager calls.
    let by_name = !matches!(ty(env, object, 0), Ty::Instance(ref i) if !i.models.is_empty());
    if !MANAGER_READS.contains(&&*method) && (by_name || is_builtin_method(&method)) {
        return None;
    }
    if by_name {
        let args = call.child_by_field_name("arguments");
        let count = args.map_or(0, |a| a.named_child_count());
        let keywords = args.is_some_and(|a| {
            let mut c = a.walk();
            let any = a.named_children(&mut c).any(|x| x.kind() == "keyword_argument");
            any
        });
        match &*method {
            "get" if !keywords => return None,
            "count" | "all" | "exists" | "first" | "last" if count > 0 => return None,
            _ => {}
        }
    }
    // `user.events.all().delete()`: the chain ends in a write, another pitfall.
    let (outer, last) = outermost_chain(call, env.text);
    if last.as_deref().is_some_and(|m| WRITES.contains(&m)) {
        return None;
    }
    let group = if is_iterated(outer) { Group::Nested(outer.start_byte()) } else { Group::Query };
    Some(Site { range: hop.byte_range(), group })
}

/// Methods every object has: not a custom queryset method.
fn is_builtin_method(method: &str) -> bool {
    method.starts_with("__")
}

/// `Model.objects.<...>` evaluated in the body: a query per iteration.
fn manager_root<'t>(env: &Env<'_, 't>, node: Node<'t>, per_item: &HashSet<String>, body: &Body<'t>) -> Option<Site> {
    let object = node.child_by_field_name("object")?;
    let attr = env.text.slice(node.child_by_field_name("attribute")?.byte_range());
    // The manager must be followed by a method call: `X.objects.filter(...)`.
    let method = node.parent().filter(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(node))?;
    let first_call =
        method.parent().filter(|c| c.kind() == "call" && c.child_by_field_name("function") == Some(method))?;
    let _ = first_call;
    let Ty::Class(models) = ty(env, object, 0) else { return None };
    let is_manager = matches!(&*attr, "objects" | "_default_manager" | "_base_manager")
        || models.iter().any(|m| matches!(env.view.member(m, &attr), Some(Member::Manager { .. })));
    if !is_manager {
        return None;
    }
    // A loop over model classes: one query per table, not per row.
    if is_per_item(object, per_item, env.text) {
        return None;
    }
    evaluated_site(env, method, body)
}

/// A queryset chain started in the body from a queryset variable or a tree method
/// (`qs.get(...)`, `page.get_descendants().count()`), evaluated there.
fn rows_call_root<'t>(env: &Env<'_, 't>, call: Node<'t>, per_item: &HashSet<String>, body: &Body<'t>) -> Option<Site> {
    let f = call.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
    let object = unparen(f.child_by_field_name("object")?);
    let method = env.text.slice(f.child_by_field_name("attribute")?.byte_range());
    let _ = per_item;
    if TREE_ROWS.contains(&&*method) {
        let tree = match ty(env, object, 0) {
            Ty::Instance(inst) => {
                inst.models.is_empty() || inst.models.iter().any(|m| env.view.is_tree_model(m) || !env.view.is_model(m))
            }
            // Untyped, in a project with tree models: a tree method whose result is used as a
            // queryset (`page.get_descendants().filter(...).count()`).
            Ty::Unknown => env.view.has_tree_models() && continues_as_queryset(call, env.text),
            _ => false,
        };
        return if tree { evaluated_site(env, f, body) } else { None };
    }
    if object.kind() != "identifier" {
        // `basket.all_lines()`: a model method handing back a queryset, evaluated here.
        if matches!(ty(env, object, 0), Ty::Instance(_)) && matches!(ty(env, call, 0), Ty::Rows(ref r) if !r.related) {
            return evaluated_site(env, f, body);
        }
        return None;
    }
    if matches!(ty(env, object, 0), Ty::Instance(_)) {
        return match ty(env, call, 0) {
            Ty::Rows(r) if !r.related => evaluated_site(env, f, body),
            _ => None,
        };
    }
    // `qs.count()` where `qs` is a queryset.
    let Ty::Rows(r) = ty(env, object, 0) else { return None };
    if r.values && !EVALUATING.contains(&&*method) && !CHAIN.contains(&&*method) {
        return None;
    }
    // Rows of a model class the loop iterates (`for model in models: qs = model.objects...`):
    // one query per table.
    if rows_of_per_item_class(env, object, per_item) {
        return None;
    }
    evaluated_site(env, f, body)
}

/// Whether a call's result is used with a queryset method further along its chain
/// (`x.get_children().live().filter(...)`).
fn continues_as_queryset(call: Node<'_>, text: Text<'_>) -> bool {
    let mut cur = call;
    for _ in 0..32 {
        let Some(p) = cur.parent() else { return false };
        match p.kind() {
            "attribute" if p.child_by_field_name("object") == Some(cur) => {
                let queryset = p.child_by_field_name("attribute").is_some_and(|a| {
                    let m = text.slice(a.byte_range());
                    super::orm::returns_queryset(&m) || EVALUATING.contains(&&*m)
                });
                if queryset {
                    return true;
                }
                cur = p;
            }
            "call" if p.child_by_field_name("function") == Some(cur) => cur = p,
            "parenthesized_expression" => cur = p,
            _ => return false,
        }
    }
    false
}

/// Whether a queryset variable was built from a model class that is a per-item name (through
/// other variables: `qs = model.objects.filter(...)`, `qs = qs.select_related(...)`).
fn rows_of_per_item_class<'t>(env: &Env<'_, 't>, ident: Node<'t>, per_item: &HashSet<String>) -> bool {
    let mut ident = ident;
    for _ in 0..4 {
        let Some(value) = binding_value(env, ident) else { return false };
        let mut root = value;
        for _ in 0..64 {
            let next = match root.kind() {
                "attribute" => root.child_by_field_name("object"),
                "call" => root.child_by_field_name("function"),
                "subscript" => root.child_by_field_name("value"),
                "parenthesized_expression" => root.named_child(0),
                _ => None,
            };
            match next {
                Some(n) => root = n,
                None => break,
            }
        }
        if root.kind() != "identifier" || !per_item.contains(&*env.text.slice(root.byte_range())) {
            return false;
        }
        // Used as a model class: typed so, or its manager read (`plugin_model.objects`).
        let manager =
            root.parent().filter(|p| p.kind() == "attribute").and_then(|p| p.child_by_field_name("attribute"));
        let class = matches!(ty(env, root, 0), Ty::Class(_))
            || manager.is_some_and(|a| {
                matches!(&*env.text.slice(a.byte_range()), "objects" | "_default_manager" | "_base_manager")
            });
        if class {
            return true;
        }
        ident = root;
    }
    false
}

/// The expression last assigned to a name before its use, in its function.
fn binding_value<'t>(env: &Env<'_, 't>, ident: Node<'t>) -> Option<Node<'t>> {
    let func = env.resolver.enclosing_function(ident).filter(|f| f.kind() == "function_definition")?;
    let b = bindings(env, func);
    let list = b.names.get(&*env.text.slice(ident.byte_range()))?;
    let bind = list.iter().rev().find(|b| b.from <= ident.start_byte())?;
    if bind.iterated {
        return None;
    }
    bind.value
}

/// A site at `first` (the chain's first method, `X.objects.filter`) when the chain it starts is
/// evaluated in the body; an inner loop's own site when it is that loop's iterable.
fn evaluated_site<'t>(env: &Env<'_, 't>, first: Node<'t>, body: &Body<'t>) -> Option<Site> {
    let method = first.child_by_field_name("attribute").map(|a| env.text.slice(a.byte_range()));
    if method.is_some_and(|m| CACHED_LOOKUPS.contains(&&*m)) {
        return None;
    }
    let (outer, last) = outermost_chain(first, env.text);
    if last.as_deref().is_some_and(|m| WRITES.contains(&m)) {
        return None;
    }
    if !evaluated(env, outer, last.as_deref(), body, 0) {
        return None;
    }
    let group = if is_iterated(outer) { Group::Nested(outer.start_byte()) } else { Group::Query };
    Some(Site { range: first.byte_range(), group })
}

/// The outermost expression of the method chain `node` starts (`X.objects.filter(a).count()`
/// from `X.objects.filter`), and the last method it calls.
fn outermost_chain<'t>(node: Node<'t>, text: Text<'_>) -> (Node<'t>, Option<String>) {
    let mut cur = node;
    let mut last = match node.kind() {
        "attribute" => node.child_by_field_name("attribute").map(|a| text.slice(a.byte_range()).into_owned()),
        _ => None,
    };
    let mut pending = None;
    for _ in 0..128 {
        let Some(p) = cur.parent() else { break };
        match p.kind() {
            "attribute" if p.child_by_field_name("object") == Some(cur) => {
                pending = p.child_by_field_name("attribute").map(|a| text.slice(a.byte_range()).into_owned());
                cur = p;
            }
            "call" if p.child_by_field_name("function") == Some(cur) => {
                if pending.is_some() {
                    last = pending.take();
                }
                cur = p;
            }
            "subscript" if p.child_by_field_name("value") == Some(cur) => cur = p,
            "parenthesized_expression" => cur = p,
            _ => break,
        }
    }
    // `chain.attr` without a call after it: the chain ends before it.
    if pending.is_some() && cur.kind() == "attribute" {
        if let Some(inner) = cur.child_by_field_name("object") {
            cur = inner;
        }
    }
    (cur, last)
}

/// Whether an expression is what a `for` or comprehension iterates.
fn is_iterated(expr: Node<'_>) -> bool {
    expr.parent().is_some_and(|p| {
        matches!(p.kind(), "for_statement" | "for_in_clause") && p.child_by_field_name("right") == Some(expr)
    })
}

/// Whether the queryset `expr` (ending in method `last`) is evaluated where it stands, or
/// through the variable it is assigned to, later in the loop body.
fn evaluated<'t>(env: &Env<'_, 't>, expr: Node<'t>, last: Option<&str>, body: &Body<'t>, depth: usize) -> bool {
    if last.is_some_and(|m| EVALUATING.contains(&m)) {
        return true;
    }
    if depth > 2 {
        return false;
    }
    let mut cur = expr;
    for _ in 0..8 {
        let Some(p) = cur.parent() else { return false };
        match p.kind() {
            "for_statement" | "for_in_clause" => return p.child_by_field_name("right") == Some(cur),
            "argument_list" => {
                let callee = p.parent().and_then(|c| c.child_by_field_name("function"));
                return callee.is_some_and(|f| {
                    f.kind() == "identifier" && EVALUATING_BUILTINS.contains(&&*env.text.slice(f.byte_range()))
                });
            }
            "if_statement" | "elif_clause" | "while_statement" => {
                return p.child_by_field_name("condition") == Some(cur);
            }
            "not_operator" | "assert_statement" => return true,
            "conditional_expression" => return p.named_child(1) == Some(cur),
            "comparison_operator" => return p.named_child(0) != Some(cur),
            "subscript" => {
                if p.child_by_field_name("value") != Some(cur) {
                    return false;
                }
                let index = p.child_by_field_name("subscript");
                return index.is_some_and(|i| i.kind() != "slice");
            }
            "boolean_operator" | "parenthesized_expression" => cur = p,
            "assignment" => {
                if p.child_by_field_name("right") != Some(cur) {
                    return false;
                }
                let Some(left) = p.child_by_field_name("left").filter(|l| l.kind() == "identifier") else {
                    return false;
                };
                let name = env.text.slice(left.byte_range());
                let after = p.end_byte();
                // At most a few uses of the name are looked at: each one walks up its chain.
                let uses = body.idents.get(&*name).into_iter().flatten().filter(|n| n.start_byte() >= after).take(8);
                return uses.into_iter().any(|n| {
                    !is_assigned(*n) && {
                        let (outer, last) = outermost_chain(*n, env.text);
                        let last = if outer.id() == n.id() { None } else { last };
                        evaluated(env, outer, last.as_deref(), body, depth + 1)
                    }
                });
            }
            _ => return false,
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Types

/// What `attr` of an instance of one of `models` is; when several models could be meant, only
/// an answer they agree on.
fn member(env: &Env<'_, '_>, models: &Models, attr: &str) -> Option<Member> {
    let mut found: Option<Member> = None;
    for m in models.iter() {
        let Some(x) = env.view.member(m, attr) else { continue };
        match &found {
            None => found = Some(x),
            Some(prev) if same_kind(prev, &x) => {}
            Some(_) => return None,
        }
    }
    found
}

fn same_kind(a: &Member, b: &Member) -> bool {
    let class = |m: &Member| match m {
        Member::Field(f) if f.kind.is_single() => 1,
        Member::Reverse { many: false, .. } => 1,
        Member::Field(f) if f.kind.is_many() => 2,
        Member::Reverse { many: true, .. } => 2,
        Member::Field(_) => 3,
        Member::Method(_) => 4,
        Member::Manager { .. } => 5,
    };
    class(a) == class(b)
}

/// The type of an expression (cached per node for the file's analysis).
fn ty<'t>(env: &Env<'_, 't>, expr: Node<'t>, depth: usize) -> Ty<'t> {
    if let Some(hit) = env.cache.borrow().types.get(&expr.id()) {
        return hit.clone();
    }
    if depth > MAX_TYPE_DEPTH {
        return Ty::Unknown;
    }
    let t = ty_uncached(env, expr, depth);
    // Only a complete answer is cached: a deep one was cut short.
    if depth == 0 {
        env.cache.borrow_mut().types.insert(expr.id(), t.clone());
    }
    t
}

fn ty_uncached<'t>(env: &Env<'_, 't>, expr: Node<'t>, depth: usize) -> Ty<'t> {
    let text = env.text;
    match expr.kind() {
        "parenthesized_expression" | "await" => expr.named_child(0).map_or(Ty::Unknown, |e| ty(env, e, depth + 1)),
        "identifier" => name_ty(env, expr, depth),
        "attribute" => {
            let (Some(object), Some(attr)) =
                (expr.child_by_field_name("object"), expr.child_by_field_name("attribute"))
            else {
                return Ty::Unknown;
            };
            let attr = text.slice(attr.byte_range());
            attribute_ty(env, object, &attr, depth)
        }
        "call" => call_ty(env, expr, depth),
        "subscript" => {
            let Some(value) = expr.child_by_field_name("value") else { return Ty::Unknown };
            let slice = expr.child_by_field_name("subscript").is_some_and(|s| s.kind() == "slice");
            match ty(env, value, depth + 1) {
                Ty::Rows(r) if slice => Ty::Rows(r),
                Ty::Rows(r) if !r.values => Ty::Instance(Inst { models: r.models, cover: r.cover }),
                Ty::Items(t) if !slice => (*t).clone(),
                Ty::Items(t) => Ty::Items(t),
                _ => Ty::Unknown,
            }
        }
        "conditional_expression" => {
            let (Some(a), Some(b)) = (expr.named_child(0), expr.named_child(2)) else { return Ty::Unknown };
            match (ty(env, a, depth + 1), ty(env, b, depth + 1)) {
                (Ty::Rows(x), Ty::Rows(y)) if x.models == y.models => {
                    let mut cover = x.cover.clone();
                    cover.paths.retain(|p| y.cover.paths.contains(p));
                    cover.select_all &= y.cover.select_all;
                    Ty::Rows(Rows { cover, ..x })
                }
                _ => Ty::Unknown,
            }
        }
        "boolean_operator" => {
            // `a or b` is one of them: the one whose type is known.
            let (Some(a), Some(b)) = (expr.child_by_field_name("left"), expr.child_by_field_name("right")) else {
                return Ty::Unknown;
            };
            match (ty(env, a, depth + 1), ty(env, b, depth + 1)) {
                (Ty::Unknown, t) | (t, Ty::Unknown) => t,
                (_, t) => t,
            }
        }
        "binary_operator" => {
            // `qs1 | qs2` and `qs1 & qs2` combine querysets.
            let op = expr.child_by_field_name("operator").map(|o| text.slice(o.byte_range()));
            let left = expr.child_by_field_name("left").map(|l| ty(env, l, depth + 1));
            match (op.as_deref(), left) {
                (Some("|" | "&"), Some(Ty::Rows(r))) => Ty::Rows(Rows { prefetched: false, ..r }),
                (Some("|" | "&"), _) => Ty::Unknown,
                _ => Ty::Plain,
            }
        }
        "string"
        | "concatenated_string"
        | "integer"
        | "float"
        | "true"
        | "false"
        | "none"
        | "dictionary"
        | "comparison_operator"
        | "not_operator"
        | "unary_operator" => Ty::Plain,
        "list" | "tuple" | "set" => {
            // A literal of literals (`for name in ("a", "b")`) is plain data: fixed by the code.
            // An empty one is filled later (see `appended`).
            let mut c = expr.walk();
            let mut items = expr.named_children(&mut c).peekable();
            if items.peek().is_none() {
                return Ty::Unknown;
            }
            let all_literal = items.all(|e| {
                matches!(
                    e.kind(),
                    "string" | "concatenated_string" | "integer" | "float" | "true" | "false" | "none" | "tuple"
                )
            });
            if all_literal {
                Ty::Items(Rc::new(Ty::Plain))
            } else {
                Ty::Unknown
            }
        }
        _ => Ty::Unknown,
    }
}

fn name_ty<'t>(env: &Env<'_, 't>, ident: Node<'t>, depth: usize) -> Ty<'t> {
    let text = env.text;
    let name = text.slice(ident.byte_range()).into_owned();
    if let Some((iter, path)) = comprehension_binding(ident, &name, text) {
        return destructure(elements(ty(env, iter, depth + 1)), &path);
    }
    let func = env.resolver.enclosing_function(ident).filter(|f| f.kind() == "function_definition");
    if let Some(func) = func {
        let b = bindings(env, func);
        if let Some(list) = b.names.get(&name) {
            let at = ident.start_byte();
            if let Some(bind) = list.iter().rev().find(|b| b.from <= at) {
                let Some(value) = bind.value else {
                    // `from app.models import Ticket` inside the function.
                    if bind.import && name.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Ty::Class(models_of(&[name]));
                    }
                    return Ty::Unknown;
                };
                // `rows = []` filled with `rows.append(x)`: a list of what is appended.
                if value.kind() == "list" && value.named_child_count() == 0 && !bind.iterated && bind.path.is_empty() {
                    return match b.appends.get(&name).and_then(|a| a.first()) {
                        Some(item) => Ty::Items(Rc::new(ty(env, *item, depth + 1))),
                        None => Ty::Unknown,
                    };
                }
                let mut t = ty(env, value, depth + 1);
                if bind.iterated {
                    t = elements(t);
                }
                return destructure(t, &bind.path);
            }
        }
        if let Some(pos) = b.params.iter().position(|(p, _)| *p == name) {
            if pos == 0 {
                if let Some(t) = self_ty(env, func) {
                    return t;
                }
            }
            if pos == 1 {
                if let Some(t) = serializer_object_ty(env, func) {
                    return t;
                }
            }
            return match b.params[pos].1 {
                Some(ann) => annotation_ty(env, ann),
                None => Ty::Unknown,
            };
        }
        if b.names.contains_key(&name) {
            // Bound in the function, but only after this use.
            return Ty::Unknown;
        }
    }
    // Module level: `Line = get_model("order", "Line")`, `User = get_user_model()`.
    if let Some(value) = env.resolver.assigned_value(&name, ident) {
        if value.id() != ident.id() && depth < MAX_TYPE_DEPTH {
            return ty(env, value, depth + 1);
        }
    }
    if env.view.is_model(&name) || name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Ty::Class(models_of(&[name]));
    }
    Ty::Unknown
}

/// `t: Ticket` → an instance of the model; `tickets: list[Ticket]` → a list of them;
/// `qs: QuerySet[Ticket]` → their rows.
fn annotation_ty<'t>(env: &Env<'_, 't>, ann: Node<'t>) -> Ty<'t> {
    let inner = if ann.kind() == "type" { ann.named_child(0) } else { Some(ann) };
    let Some(n) = inner else { return Ty::Unknown };
    let model = |n: Node<'_>| {
        let name = env.text.slice(n.byte_range()).into_owned();
        (n.kind() == "identifier" && env.view.is_model(&name)).then(|| models_of(&[name]))
    };
    match n.kind() {
        "identifier" => match model(n) {
            Some(m) => Ty::Instance(Inst { models: m, cover: Cover::default() }),
            None => Ty::Unknown,
        },
        // `list[Ticket]` (a `generic_type`) or `List[Ticket]` (a subscript).
        "generic_type" | "subscript" => {
            let outer = n.named_child(0).map(|o| env.text.slice(o.byte_range()).into_owned()).unwrap_or_default();
            let arg =
                n.named_child(1).map(|a| if a.kind() == "type_parameter" { a.named_child(0).unwrap_or(a) } else { a });
            let arg = arg.map(|a| if a.kind() == "type" { a.named_child(0).unwrap_or(a) } else { a });
            let Some(m) = arg.and_then(model) else { return Ty::Unknown };
            let last = outer.rsplit('.').next().unwrap_or("");
            match last {
                "QuerySet" | "Manager" => Ty::Rows(rows(m, Cover::default())),
                "list" | "List" | "Sequence" | "Iterable" | "Iterator" | "set" | "Set" | "tuple" | "Tuple" => {
                    Ty::Items(Rc::new(Ty::Instance(Inst { models: m, cover: Cover::default() })))
                }
                _ => Ty::Unknown,
            }
        }
        _ => Ty::Unknown,
    }
}

/// `self` in a method: an instance of a model class, the rows of a manager or queryset class,
/// or a view that names its model or queryset.
fn self_ty<'t>(env: &Env<'_, 't>, func: Node<'t>) -> Option<Ty<'t>> {
    // From the tree, not the resolver's scope index: when only this method is analysed again,
    // that index does not hold the class around it.
    let decorated = func.parent().filter(|p| p.kind() == "decorated_definition");
    let block = decorated.unwrap_or(func).parent().filter(|b| b.kind() == "block")?;
    let class = block.parent().filter(|c| c.kind() == "class_definition")?;
    // Static methods take no instance.
    if let Some(d) = decorated {
        let text = env.text.slice(d.byte_range());
        if text.contains("@staticmethod") {
            return None;
        }
        if text.contains("@classmethod") {
            let name = env.text.slice(class.child_by_field_name("name")?.byte_range()).into_owned();
            return env.view.is_model(&name).then(|| Ty::Class(models_of(&[name])));
        }
    }
    let name = env.text.slice(class.child_by_field_name("name")?.byte_range()).into_owned();
    if env.view.is_model(&name) {
        return Some(Ty::Instance(Inst { models: models_of(&[name]), cover: Cover::default() }));
    }
    let managed = env.view.models_of_manager(&name);
    if !managed.is_empty() {
        return Some(Ty::Rows(Rows {
            models: models_of(&managed),
            cover: env.view.manager_cover(&name),
            values: false,
            related: false,
            prefetched: false,
            manager: Some(Rc::from(name.as_str())),
        }));
    }
    // A view: `model = Ticket`, `queryset = Ticket.objects...` in the class body.
    let body = class.child_by_field_name("body")?;
    let mut model = None;
    let mut queryset = None;
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let Some(a) = stmt.named_child(0).filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            continue;
        };
        let (Some(l), Some(r)) = (a.child_by_field_name("left"), a.child_by_field_name("right")) else { continue };
        match &*env.text.slice(l.byte_range()) {
            "model" => {
                if let Ty::Class(m) = ty(env, r, 1) {
                    model = Some(m);
                }
            }
            "queryset" => queryset = Some(r),
            _ => {}
        }
    }
    (model.is_some() || queryset.is_some()).then_some(Ty::View { model, queryset })
}

/// The target of a comprehension clause that binds `name` around `ident`: its iterable and
/// where in the target the name is.
fn comprehension_binding<'t>(ident: Node<'t>, name: &str, text: Text<'_>) -> Option<(Node<'t>, Vec<usize>)> {
    let mut cur = ident;
    for _ in 0..64 {
        let p = cur.parent()?;
        match p.kind() {
            "function_definition" | "lambda" | "module" | "class_definition" => return None,
            "list_comprehension" | "set_comprehension" | "generator_expression" | "dictionary_comprehension" => {
                let mut found = None;
                let mut c = p.walk();
                for clause in p.named_children(&mut c) {
                    if clause.kind() != "for_in_clause" {
                        continue;
                    }
                    let right = clause.child_by_field_name("right");
                    if right.is_some_and(|r| r.start_byte() <= ident.start_byte() && ident.end_byte() <= r.end_byte()) {
                        break;
                    }
                    if let Some(left) = clause.child_by_field_name("left") {
                        if let (Some(path), Some(r)) = (target_path(left, name, text), right) {
                            found = Some((r, path));
                        }
                    }
                }
                if found.is_some() {
                    return found;
                }
            }
            _ => {}
        }
        cur = p;
    }
    None
}

/// Where `name` is in a target pattern (`a, (b, c)`: `c` is at `[1, 1]`).
fn target_path(target: Node<'_>, name: &str, text: Text<'_>) -> Option<Vec<usize>> {
    match target.kind() {
        "identifier" => (text.slice(target.byte_range()) == name).then(Vec::new),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "parenthesized_expression" => {
            let mut c = target.walk();
            for (i, t) in target.named_children(&mut c).enumerate() {
                if let Some(mut p) = target_path(t, name, text) {
                    p.insert(0, i);
                    return Some(p);
                }
            }
            None
        }
        _ => None,
    }
}

fn destructure<'t>(t: Ty<'t>, path: &[usize]) -> Ty<'t> {
    let mut t = t;
    for &i in path {
        t = match t {
            Ty::Tuple(items) => items.get(i).cloned().unwrap_or(Ty::Unknown),
            Ty::Plain => Ty::Plain,
            _ => Ty::Unknown,
        };
    }
    t
}

/// What iterating a value yields.
fn elements<'t>(t: Ty<'t>) -> Ty<'t> {
    match t {
        Ty::Rows(r) if r.values => Ty::Plain,
        Ty::Rows(r) => Ty::Instance(Inst { models: r.models, cover: r.cover }),
        Ty::Items(t) => (*t).clone(),
        Ty::Plain => Ty::Plain,
        _ => Ty::Unknown,
    }
}

fn rows(models: Models, cover: Cover) -> Rows {
    Rows { models, cover, values: false, related: false, prefetched: false, manager: None }
}

fn attribute_ty<'t>(env: &Env<'_, 't>, object: Node<'t>, attr: &str, depth: usize) -> Ty<'t> {
    member_ty(env, ty(env, object, depth + 1), attr, depth)
}

/// The type of attribute `attr` of a value of type `recv`.
fn member_ty<'t>(env: &Env<'_, 't>, recv: Ty<'t>, attr: &str, depth: usize) -> Ty<'t> {
    match recv {
        Ty::Class(models) => {
            let mut found = None;
            for m in models.iter() {
                if let Some(Member::Manager { class, cover }) = env.view.member(m, attr) {
                    found = Some((class, cover));
                    break;
                }
            }
            match found {
                Some((class, cover)) => {
                    let manager = class.map(|c| Rc::from(c.as_str()));
                    Ty::Rows(Rows { manager, ..rows(models, cover) })
                }
                None if matches!(attr, "objects" | "_default_manager" | "_base_manager") => {
                    Ty::Rows(rows(models, Cover::default()))
                }
                None => Ty::Unknown,
            }
        }
        Ty::Instance(inst) => match member(env, &inst.models, attr) {
            Some(Member::Field(f)) => match f.kind {
                FieldKind::ForeignKey | FieldKind::OneToOne => Ty::Instance(Inst {
                    models: models_of(&f.target.into_iter().collect::<Vec<_>>()),
                    cover: inst.cover.sub(attr),
                }),
                FieldKind::GenericForeignKey => {
                    Ty::Instance(Inst { models: unknown_models(), cover: inst.cover.sub(attr) })
                }
                FieldKind::ManyToMany | FieldKind::GenericRelation => Ty::Rows(Rows {
                    related: true,
                    prefetched: inst.cover.has(attr),
                    ..rows(models_of(&f.target.into_iter().collect::<Vec<_>>()), inst.cover.sub(attr))
                }),
                FieldKind::Column => Ty::Plain,
            },
            Some(Member::Reverse { source, many: true }) => Ty::Rows(Rows {
                related: true,
                prefetched: inst.cover.has(attr),
                ..rows(models_of(&[source]), inst.cover.sub(attr))
            }),
            Some(Member::Reverse { source, many: false }) => {
                Ty::Instance(Inst { models: models_of(&[source]), cover: inst.cover.sub(attr) })
            }
            Some(Member::Method(q)) if q.property => returned_rows(env, inst, &q, depth),
            Some(Member::Method(_)) | Some(Member::Manager { .. }) => Ty::Unknown,
            None => by_name_manager(env, attr, Some(&inst.cover)),
        },
        Ty::Rows(r) if attr == "model" => Ty::Class(r.models),
        Ty::View { model, queryset } => match attr {
            "model" => model.map_or(Ty::Unknown, Ty::Class),
            "queryset" => queryset.map_or(Ty::Unknown, |q| ty(env, q, depth + 1)),
            _ => Ty::Unknown,
        },
        Ty::Unknown => by_name_manager(env, attr, None),
        _ => Ty::Unknown,
    }
}

/// What a method (or property) that returns an unevaluated queryset returns, called on `inst`.
fn returned_rows<'t>(env: &Env<'_, 't>, inst: Inst, q: &QueryUse, depth: usize) -> Ty<'t> {
    let Some((root, cover)) = &q.returns_rows else { return Ty::Unknown };
    match root {
        ReturnRoot::SelfAttr(attr) => match member_ty(env, Ty::Instance(inst), attr, depth + 1) {
            Ty::Rows(mut r) => {
                // Built on with more than `.all()`: not what a prefetch cached.
                r.prefetched &= *cover == Cover::default();
                r.cover.merge(cover);
                Ty::Rows(r)
            }
            _ => Ty::Unknown,
        },
        ReturnRoot::Model(m) => Ty::Rows(rows(models_of(std::slice::from_ref(m)), cover.clone())),
        ReturnRoot::SelfRows => Ty::Unknown,
    }
}

/// A many-relation known only by its name (`lines` is a related manager on some model).
fn by_name_manager<'t>(env: &Env<'_, 't>, attr: &str, cover: Option<&Cover>) -> Ty<'t> {
    if !env.view.is_many_accessor(attr) {
        return Ty::Unknown;
    }
    Ty::Rows(Rows {
        related: true,
        prefetched: cover.is_some_and(|c| c.has(attr)),
        ..rows(models_of(&env.view.many_accessor_models(attr)), cover.map(|c| c.sub(attr)).unwrap_or_default())
    })
}

fn call_ty<'t>(env: &Env<'_, 't>, call: Node<'t>, depth: usize) -> Ty<'t> {
    let text = env.text;
    let Some(f) = call.child_by_field_name("function") else { return Ty::Unknown };
    let args = call.child_by_field_name("arguments");
    let first_arg = args.and_then(|a| a.named_child(0)).filter(|a| a.kind() != "keyword_argument");
    match f.kind() {
        "identifier" => {
            let name = text.slice(f.byte_range());
            match &*name {
                "list" | "tuple" | "sorted" | "reversed" | "set" | "frozenset" => {
                    first_arg.map_or(Ty::Unknown, |a| Ty::Items(Rc::new(elements(ty(env, a, depth + 1)))))
                }
                "enumerate" => first_arg.map_or(Ty::Unknown, |a| {
                    Ty::Items(Rc::new(Ty::Tuple(Rc::from(vec![Ty::Plain, elements(ty(env, a, depth + 1))]))))
                }),
                "zip" => {
                    let Some(args) = args else { return Ty::Unknown };
                    let mut c = args.walk();
                    let items: Vec<Ty<'t>> =
                        args.named_children(&mut c).map(|a| elements(ty(env, a, depth + 1))).collect();
                    Ty::Items(Rc::new(Ty::Tuple(Rc::from(items))))
                }
                "range" => Ty::Items(Rc::new(Ty::Plain)),
                "len" | "str" | "int" | "float" | "bool" | "repr" | "abs" | "round" | "sum" | "dict" => Ty::Plain,
                "get_object_or_404" => match first_arg.map(|a| ty(env, a, depth + 1)) {
                    Some(Ty::Class(m)) => Ty::Instance(Inst { models: m, cover: Cover::default() }),
                    Some(Ty::Rows(r)) => Ty::Instance(Inst { models: r.models, cover: r.cover }),
                    _ => Ty::Unknown,
                },
                "get_list_or_404" => match first_arg.map(|a| ty(env, a, depth + 1)) {
                    Some(Ty::Class(m)) => Ty::Rows(rows(m, Cover::default())),
                    Some(Ty::Rows(r)) => Ty::Rows(r),
                    _ => Ty::Unknown,
                },
                "get_user_model" => Ty::Class(models_of(&["User".to_string()])),
                "get_model" | "get_class" => model_by_name(env, args),
                _ => {
                    // A helper that takes a queryset and hands back its rows
                    // (`chunk_queryset(User.objects.all())`): its items are the queryset's.
                    match first_arg.map(|a| ty(env, a, depth + 1)) {
                        Some(Ty::Rows(r)) if !r.related => Ty::Items(Rc::new(elements(Ty::Rows(r)))),
                        _ => Ty::Unknown,
                    }
                }
            }
        }
        "attribute" => {
            let (Some(object), Some(method)) = (f.child_by_field_name("object"), f.child_by_field_name("attribute"))
            else {
                return Ty::Unknown;
            };
            let method = text.slice(method.byte_range());
            if method == "get_model" {
                return model_by_name(env, args);
            }
            let recv = ty(env, object, depth + 1);
            match recv {
                Ty::Rows(r) => rows_method(env, r, &method, call),
                Ty::Instance(inst) => {
                    if TREE_ROWS.contains(&&*method)
                        && (inst.models.is_empty()
                            || inst.models.iter().any(|m| env.view.is_tree_model(m) || !env.view.is_model(m)))
                    {
                        return Ty::Rows(rows(inst.models, Cover::default()));
                    }
                    if matches!(&*method, "get_parent" | "get_root") {
                        return Ty::Instance(Inst { models: inst.models, cover: Cover::default() });
                    }
                    match member(env, &inst.models, &method) {
                        Some(Member::Method(q)) if !q.property => returned_rows(env, inst, &q, depth),
                        _ => Ty::Unknown,
                    }
                }
                Ty::View { model, queryset } if method == "get_queryset" => match queryset {
                    Some(q) => ty(env, q, depth + 1),
                    None => model.map_or(Ty::Unknown, |m| Ty::Rows(rows(m, Cover::default()))),
                },
                Ty::Unknown if matches!(&*method, "select_related" | "prefetch_related") => {
                    let mut cover = Cover::default();
                    super::project::add_lookups(&mut cover, call, &method, text);
                    Ty::Rows(rows(unknown_models(), cover))
                }
                Ty::Unknown if matches!(&*method, "values" | "values_list") => Ty::Items(Rc::new(Ty::Plain)),
                Ty::Unknown if method == "items" => {
                    Ty::Items(Rc::new(Ty::Tuple(Rc::from(vec![Ty::Unknown, Ty::Unknown]))))
                }
                Ty::Plain => Ty::Plain,
                _ => Ty::Unknown,
            }
        }
        _ => Ty::Unknown,
    }
}

/// `get_model("order", "Line")`, `apps.get_model("order.Line")`: the class named last.
fn model_by_name<'t>(env: &Env<'_, 't>, args: Option<Node<'t>>) -> Ty<'t> {
    let Some(args) = args else { return Ty::Unknown };
    let mut c = args.walk();
    let last = args.named_children(&mut c).filter(|a| a.kind() == "string").last();
    let Some(name) = last.and_then(|s| super::orm::string_value(s, env.text)) else { return Ty::Unknown };
    let name = name.rsplit('.').next().unwrap_or(&name).to_string();
    if name.is_empty() {
        return Ty::Unknown;
    }
    Ty::Class(models_of(&[name]))
}

/// A method called on rows.
fn rows_method<'t>(env: &Env<'_, 't>, r: Rows, method: &str, call: Node<'t>) -> Ty<'t> {
    let text = env.text;
    match method {
        "values" | "values_list" => Ty::Rows(Rows { values: true, prefetched: false, ..r }),
        "select_related" | "prefetch_related" => {
            let mut cover = r.cover.clone();
            super::project::add_lookups(&mut cover, call, method, text);
            prefetch_querysets(env, call, &mut cover);
            Ty::Rows(Rows { cover, prefetched: false, ..r })
        }
        "annotate" | "alias" => {
            let mut cover = r.cover.clone();
            cover.computed.extend(super::project::keyword_names(call, text));
            Ty::Rows(Rows { cover, prefetched: false, ..r })
        }
        // `.all()` on a prefetched related manager reads the prefetch cache.
        "all" | "iterator" => Ty::Rows(r),
        m if CHAIN.contains(&m) => Ty::Rows(Rows { prefetched: false, ..r }),
        m if ONE.contains(&m) => Ty::Instance(Inst { models: r.models, cover: r.cover }),
        "get_or_create" | "update_or_create" => {
            Ty::Tuple(Rc::from(vec![Ty::Instance(Inst { models: r.models, cover: r.cover }), Ty::Plain]))
        }
        "create" => Ty::Unknown,
        "count" | "exists" | "aggregate" | "update" | "delete" | "in_bulk" | "contains" | "explain" => Ty::Plain,
        _ => {
            // A custom queryset or manager method of a model the project defines: what it applies
            // when the index says, and the same rows otherwise (`.live()`, `.public()`). On a
            // model nothing defines (`ContentType.objects.get_for_id()`), unknown.
            if r.models.is_empty() || r.models.iter().all(|m| !env.view.is_model(m)) {
                return Ty::Unknown;
            }
            let mut cover = r.cover.clone();
            if let Some(class) = &r.manager {
                if let Some(c) = env.view.method_returns(class, method) {
                    cover.merge(&c);
                }
            } else {
                for m in r.models.iter() {
                    for class in env.view.managers_of_model(m) {
                        if let Some(c) = env.view.method_returns(&class, method) {
                            cover.merge(&c);
                        }
                    }
                }
            }
            Ty::Rows(Rows { cover, prefetched: false, ..r })
        }
    }
}

/// `Prefetch("lines", queryset=OrderLine.objects.select_related("product"))`: what the prefetched
/// queryset covers is covered below `lines` (`lines__product`).
fn prefetch_querysets<'t>(env: &Env<'_, 't>, call: Node<'t>, cover: &mut Cover) {
    let Some(args) = call.child_by_field_name("arguments") else { return };
    let mut c = args.walk();
    for arg in args.named_children(&mut c) {
        if arg.kind() != "call" {
            continue;
        }
        let Some(a) = arg.child_by_field_name("arguments") else { continue };
        let Some(lookup) =
            a.named_child(0).filter(|s| s.kind() == "string").and_then(|s| super::orm::string_value(s, env.text))
        else {
            continue;
        };
        let mut k = a.walk();
        let queryset = a.named_children(&mut k).find(|x| {
            x.kind() == "keyword_argument"
                && x.child_by_field_name("name").is_some_and(|n| env.text.slice(n.byte_range()) == "queryset")
        });
        let Some(value) = queryset.and_then(|q| q.child_by_field_name("value")) else { continue };
        if let Ty::Rows(inner) = ty(env, value, 1) {
            for p in &inner.cover.paths {
                cover.paths.push(format!("{lookup}__{p}"));
            }
        }
    }
}

/// The bindings of one function: assignments, loop targets and `with` targets in its own body
/// (not in nested defs, classes, lambdas or comprehensions), and its parameters.
fn bindings<'t>(env: &Env<'_, 't>, func: Node<'t>) -> Rc<Bindings<'t>> {
    if let Some(b) = env.cache.borrow().bindings.get(&func.id()) {
        return b.clone();
    }
    let text = env.text;
    let mut b = Bindings::default();
    if let Some(params) = func.child_by_field_name("parameters") {
        let mut c = params.walk();
        for p in params.named_children(&mut c) {
            let (name, ann) = match p.kind() {
                "identifier" => (Some(p), None),
                "typed_parameter" => {
                    (p.named_child(0).filter(|n| n.kind() == "identifier"), p.child_by_field_name("type"))
                }
                "default_parameter" => (p.child_by_field_name("name"), None),
                "typed_default_parameter" => (p.child_by_field_name("name"), p.child_by_field_name("type")),
                "list_splat_pattern" | "dictionary_splat_pattern" => (p.named_child(0), None),
                _ => (None, None),
            };
            if let Some(n) = name {
                b.params.push((text.slice(n.byte_range()).into_owned(), ann));
            }
        }
    }
    let mut stack: Vec<Node<'t>> = func.child_by_field_name("body").into_iter().collect();
    let mut budget = 200_000usize;
    while let Some(node) = stack.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        match node.kind() {
            "function_definition" | "class_definition" => {
                if let Some(n) = node.child_by_field_name("name") {
                    b.bind(text.slice(n.byte_range()).into_owned(), node.end_byte(), None, Vec::new(), false);
                }
                continue;
            }
            "lambda"
            | "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension" => continue,
            "assignment" => {
                let mut lefts = Vec::new();
                let mut a = node;
                let value = loop {
                    lefts.extend(a.child_by_field_name("left"));
                    match a.child_by_field_name("right") {
                        Some(r) if r.kind() == "assignment" => a = r,
                        other => break other,
                    }
                };
                for left in lefts {
                    b.bind_target(left, node.end_byte(), value, Vec::new(), false, text);
                }
            }
            "augmented_assignment" => {
                if let Some(left) = node.child_by_field_name("left") {
                    b.bind_target(left, node.end_byte(), None, Vec::new(), false, text);
                }
            }
            "for_statement" => {
                if let (Some(left), Some(body)) = (node.child_by_field_name("left"), node.child_by_field_name("body")) {
                    b.bind_target(left, body.start_byte(), node.child_by_field_name("right"), Vec::new(), true, text);
                }
            }
            "with_item" => {
                if let Some(value) = node.child_by_field_name("value").filter(|v| v.kind() == "as_pattern") {
                    let target = value.child_by_field_name("alias").and_then(|a| a.named_child(0));
                    if let Some(t) = target {
                        b.bind_target(t, value.end_byte(), value.named_child(0), Vec::new(), false, text);
                    }
                }
            }
            "call" => {
                // `rows.append(x)`
                let f = node.child_by_field_name("function").filter(|f| f.kind() == "attribute");
                let target = f.and_then(|f| {
                    let object = f.child_by_field_name("object").filter(|o| o.kind() == "identifier")?;
                    (text.slice(f.child_by_field_name("attribute")?.byte_range()) == "append").then_some(object)
                });
                let arg = node.child_by_field_name("arguments").and_then(|a| a.named_child(0));
                if let (Some(target), Some(arg)) = (target, arg) {
                    let list = b.appends.entry(text.slice(target.byte_range()).into_owned()).or_default();
                    if list.len() < 4 {
                        list.push(arg);
                    }
                }
            }
            "import_statement" | "import_from_statement" => {
                let mut c = node.walk();
                for n in node.children_by_field_name("name", &mut c) {
                    let bound = match n.kind() {
                        "aliased_import" => n.child_by_field_name("alias"),
                        _ => Some(n),
                    };
                    if let Some(bound) = bound {
                        let name = text.slice(bound.byte_range());
                        let name = name.split('.').next().unwrap_or("").to_string();
                        b.bind(name.clone(), node.end_byte(), None, Vec::new(), false);
                        if let Some(last) = b.names.get_mut(&name).and_then(|l| l.last_mut()) {
                            last.import = true;
                        }
                    }
                }
            }
            _ => {}
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    for list in b.names.values_mut() {
        list.sort_by_key(|x| x.from);
    }
    let b = Rc::new(b);
    env.cache.borrow_mut().bindings.insert(func.id(), b.clone());
    b
}

impl<'t> Bindings<'t> {
    fn bind(&mut self, name: String, from: usize, value: Option<Node<'t>>, path: Vec<usize>, iterated: bool) {
        let list = self.names.entry(name).or_default();
        if list.len() < 256 {
            list.push(Bind { from, import: false, value, path: Rc::from(path), iterated });
        }
    }

    fn bind_target(
        &mut self,
        target: Node<'t>,
        from: usize,
        value: Option<Node<'t>>,
        path: Vec<usize>,
        iterated: bool,
        text: Text<'t>,
    ) {
        match target.kind() {
            "identifier" => self.bind(text.slice(target.byte_range()).into_owned(), from, value, path, iterated),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "parenthesized_expression" => {
                let mut c = target.walk();
                for (i, t) in target.named_children(&mut c).enumerate() {
                    let mut p = path.clone();
                    p.push(i);
                    self.bind_target(t, from, value, p, iterated, text);
                }
            }
            _ => {}
        }
    }
}
