//! Django ORM shapes: which expressions are querysets, and which loops over them follow a
//! relation once per row (the N+1 query problem).

use std::borrow::Cow;

use tree_sitter::Node;

use super::resolve::Resolver;
use super::{Captures, Ctx};
use crate::text::Text;

/// QuerySet methods that return another QuerySet, so a chain of them stays a queryset.
const QUERYSET_METHODS: &[&str] = &[
    "alias",
    "all",
    "annotate",
    "dates",
    "datetimes",
    "defer",
    "difference",
    "distinct",
    "exclude",
    "extra",
    "filter",
    "intersection",
    "iterator",
    "none",
    "only",
    "order_by",
    "prefetch_related",
    "reverse",
    "select_for_update",
    "select_related",
    "union",
    "using",
    "values",
    "values_list",
];

/// A queryset expression: the model it starts from (when known) and the methods applied, outermost
/// last.
pub struct Chain<'t> {
    pub model: Option<Node<'t>>,
    /// `(method name, call node)` from the manager outwards.
    pub calls: Vec<(String, Node<'t>)>,
}

impl Chain<'_> {
    fn has(&self, method: &str) -> bool {
        self.calls.iter().any(|(m, _)| m == method)
    }
}

/// If `expr` is a Django queryset (`Model.objects...`, a queryset method chain on one, a
/// `get_queryset()` call, or a local variable assigned one of these), its chain.
pub fn queryset_chain<'t>(expr: Node<'t>, resolver: &Resolver<'t>, text: Text<'t>) -> Option<Chain<'t>> {
    chain_at(expr, resolver, text, 0)
}

/// `depth` counts variables followed, so `qs = qs.filter(...)` cannot loop.
fn chain_at<'t>(expr: Node<'t>, resolver: &Resolver<'t>, text: Text<'t>, depth: usize) -> Option<Chain<'t>> {
    let mut calls = Vec::new();
    let mut node = expr;
    let mut hops = 0;
    loop {
        hops += 1;
        if hops > 64 {
            return None;
        }
        match node.kind() {
            "call" => {
                let f = node.child_by_field_name("function")?;
                if f.kind() != "attribute" {
                    return None;
                }
                let method = text.slice(f.child_by_field_name("attribute")?.byte_range());
                if method == "get_queryset" {
                    calls.reverse();
                    return Some(Chain { model: None, calls });
                }
                if !QUERYSET_METHODS.contains(&&*method) {
                    return None;
                }
                calls.push((method.into_owned(), node));
                node = f.child_by_field_name("object")?;
            }
            "attribute" => {
                let attr = node.child_by_field_name("attribute")?;
                let object = node.child_by_field_name("object")?;
                if text.slice(attr.byte_range()) == "objects" && is_model_name(object, text) {
                    calls.reverse();
                    return Some(Chain { model: Some(object), calls });
                }
                return None;
            }
            "identifier" if depth < 4 => {
                // A local `qs = Model.objects.filter(...)`: follow it once.
                let name = text.slice(node.byte_range());
                let value = resolver.assigned_value(&name, node)?;
                if value.id() == node.id() {
                    return None;
                }
                let mut inner = chain_at(value, resolver, text, depth + 1)?;
                calls.reverse();
                inner.calls.extend(calls);
                return Some(inner);
            }
            "parenthesized_expression" => node = node.named_child(0)?,
            _ => return None,
        }
    }
}

fn is_model_name(node: Node<'_>, text: Text<'_>) -> bool {
    node.kind() == "identifier" && text.slice(node.byte_range()).starts_with(|c: char| c.is_ascii_uppercase())
}

/// Methods of a related manager (`order.items.all()`): calling one follows the relation.
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
/// a string, a file), so `order.created_at.year` is not an N+1.
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

pub fn n_plus_one<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let (Some(var), Some(iter), Some(body)) = (caps.get("_var"), caps.get("_iter"), caps.get("_body")) else {
        return;
    };
    let Some(chain) = queryset_chain(iter, ctx.resolver, ctx.text) else { return };
    // values()/values_list() give dicts and tuples: no relation can be followed lazily.
    if chain.has("values") || chain.has("values_list") {
        return;
    }
    let mut covered: Vec<String> = Vec::new();
    // annotate(scale=...) / alias(...) names are computed values, not relations.
    for (method, call) in &chain.calls {
        if method == "annotate" || method == "alias" {
            covered.extend(keyword_names(*call, ctx.text));
        }
    }
    for (method, call) in &chain.calls {
        if method != "select_related" && method != "prefetch_related" {
            continue;
        }
        let lookups = lookup_arguments(*call, ctx.text);
        if lookups.is_empty() && method == "select_related" {
            // select_related() with no fields follows every non-null foreign key.
            return;
        }
        covered.extend(lookups);
    }
    let var_name = ctx.slice(var).into_owned();
    let model_class = chain.model.and_then(|m| find_class(m, ctx.resolver.root(), ctx.text));
    let mut reported: Vec<String> = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.id() == iter.id() {
            continue;
        }
        if node.kind() == "attribute" {
            if let Some(hop) = relation_hop(node, &var_name, ctx.text) {
                let field = ctx.slice(hop.child_by_field_name("attribute").unwrap_or(hop)).into_owned();
                let next = node.child_by_field_name("attribute").map(|a| ctx.slice(a).into_owned()).unwrap_or_default();
                // `row.rel.method(...)` is a relation only for related-manager methods; other
                // methods (`mpoly.transform()`, `created.date()`) belong to plain field values.
                let called = node
                    .parent()
                    .is_some_and(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(node));
                let relational = match model_class.and_then(|class| field_is_relation(class, &field, ctx.text)) {
                    Some(known) => known,
                    None => !called || RELATED_MANAGER_METHODS.contains(&next.as_str()),
                };
                if relational
                    && !NON_RELATION_ATTRIBUTES.contains(&next.as_str())
                    && !covered.contains(&field)
                    && !reported.contains(&field)
                {
                    ctx.report_id("n-plus-one", hop.byte_range());
                    reported.push(field);
                }
            }
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
}

/// For `row.rel.attr`, the inner `row.rel` when `row` is the loop variable.
fn relation_hop<'t>(attr: Node<'t>, var: &str, text: Text<'_>) -> Option<Node<'t>> {
    let inner = attr.child_by_field_name("object")?;
    if inner.kind() != "attribute" {
        return None;
    }
    let root = inner.child_by_field_name("object")?;
    (root.kind() == "identifier" && text.slice(root.byte_range()) == var).then_some(inner)
}

/// The first path segment of each string lookup passed to select_related / prefetch_related
/// (`"author__profile"` → `author`), including `Prefetch("tags", ...)`.
pub fn lookup_arguments(call: Node<'_>, text: Text<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(args) = call.child_by_field_name("arguments") else { return out };
    let mut c = args.walk();
    for arg in args.named_children(&mut c) {
        let literal = match arg.kind() {
            "string" => Some(arg),
            "call" => {
                arg.child_by_field_name("arguments").and_then(|a| a.named_child(0)).filter(|a| a.kind() == "string")
            }
            _ => None,
        };
        if let Some(s) = literal.and_then(|s| string_value(s, text)) {
            out.push(s.split("__").next().unwrap_or("").to_string());
        }
    }
    out
}

fn keyword_names(call: Node<'_>, text: Text<'_>) -> Vec<String> {
    let Some(args) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut c = args.walk();
    let names = args
        .named_children(&mut c)
        .filter(|a| a.kind() == "keyword_argument")
        .filter_map(|a| a.child_by_field_name("name"))
        .map(|n| text.slice(n.byte_range()).into_owned())
        .collect();
    names
}

/// The contents of a plain string literal (no f-string interpolation).
pub fn string_value<'t>(node: Node<'_>, text: Text<'t>) -> Option<Cow<'t, str>> {
    let mut c = node.walk();
    let mut content = None;
    for child in node.named_children(&mut c) {
        match child.kind() {
            "string_content" => content = Some(text.slice(child.byte_range())),
            "interpolation" => return None,
            _ => {}
        }
    }
    Some(content.unwrap_or(Cow::Borrowed("")))
}

/// The module-level class a model name refers to, when it is defined in this file.
fn find_class<'t>(name: Node<'_>, root: Node<'t>, text: Text<'_>) -> Option<Node<'t>> {
    let wanted = text.slice(name.byte_range());
    let mut c = root.walk();
    let found = root.named_children(&mut c).find_map(|stmt| {
        let class = match stmt.kind() {
            "class_definition" => stmt,
            "decorated_definition" => stmt.child_by_field_name("definition")?,
            _ => return None,
        };
        let n = class.child_by_field_name("name")?;
        (class.kind() == "class_definition" && text.slice(n.byte_range()) == wanted).then_some(class)
    });
    found
}

/// Whether `field` is declared in the model class as a relation; `None` when it is not declared
/// there (a reverse accessor or an inherited field).
fn field_is_relation(class: Node<'_>, field: &str, text: Text<'_>) -> Option<bool> {
    let body = class.child_by_field_name("body")?;
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        if stmt.kind() != "expression_statement" {
            continue;
        }
        let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else { continue };
        let Some(left) = assign.child_by_field_name("left") else { continue };
        if text.slice(left.byte_range()) != field {
            continue;
        }
        let callee = assign
            .child_by_field_name("right")
            .filter(|r| r.kind() == "call")
            .and_then(|r| r.child_by_field_name("function"))
            .map(|f| text.slice(f.byte_range()).into_owned())
            .unwrap_or_default();
        let last = callee.rsplit('.').next().unwrap_or("");
        return Some(matches!(
            last,
            "ForeignKey" | "OneToOneField" | "ManyToManyField" | "GenericForeignKey" | "GenericRelation"
        ));
    }
    None
}
