//! Django ORM shapes: which expressions are querysets (for `get-vs-filter` and the N+1 quick
//! fix; the N+1 detector itself is `nplus1`).

use std::borrow::Cow;

use tree_sitter::Node;

use super::resolve::Resolver;
use crate::text::Text;

/// QuerySet methods that return another QuerySet of the same model instances (N+1 detection
/// follows rows through them).
pub const SAME_ROWS: &[&str] = &[
    "alias",
    "all",
    "annotate",
    "complex_filter",
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
];

/// QuerySet methods that return another QuerySet, so a chain of them stays a queryset: those of
/// [`SAME_ROWS`], and `values()`/`values_list()`, whose rows are dicts and tuples.
pub fn returns_queryset(method: &str) -> bool {
    SAME_ROWS.contains(&method) || matches!(method, "values" | "values_list")
}

/// A queryset expression: the methods applied, outermost last.
pub struct Chain<'t> {
    /// `(method name, call node)` from the manager outwards.
    pub calls: Vec<(String, Node<'t>)>,
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
                    return Some(Chain { calls });
                }
                if !returns_queryset(&method) {
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
                    return Some(Chain { calls });
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
