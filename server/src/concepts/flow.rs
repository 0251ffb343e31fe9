//! Checks that follow values a short way through one function: SQL text built by formatting
//! (through a local variable), cache-aside (get, miss, compute, set) and INCR + EXPIRE.

use std::sync::OnceLock;

use regex::Regex;
use tree_sitter::Node;

use super::{Captures, Ctx};

fn sql_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(select\s.+\sfrom|insert\s+into|update\s.+\sset|delete\s+from|where\s|order\s+by)\b")
            .expect("static regex")
    })
}

pub fn sql_injection<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let (Some(method), Some(query), Some(callee)) = (caps.get("_method"), caps.get("_query"), caps.get("_fn")) else {
        return;
    };
    // `text(...)` counts only when it is SQLAlchemy's.
    if ctx.slice(method) == "text" {
        let ok = ctx.resolver.resolve(callee).is_some_and(|q| q.starts_with("sqlalchemy.") && q.ends_with(".text"));
        if !ok {
            return;
        }
    }
    // Follow `sql = f"..."` (or `sql = "..." % x`) to the formatted string.
    let mut value = query;
    for _ in 0..3 {
        if value.kind() != "identifier" {
            break;
        }
        match ctx.resolver.assigned_value(&ctx.slice(value), value) {
            Some(v) => value = v,
            None => return,
        }
    }
    if is_formatted_string(value, ctx) && sql_words().is_match(&ctx.slice(value)) {
        ctx.report_id("sql-injection", query.byte_range());
    }
}

/// An f-string with a placeholder, `"..." % x`, `"...".format(x)`, or a `+` with a string.
fn is_formatted_string(node: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    match node.kind() {
        "string" => {
            let mut c = node.walk();
            let interpolated = node.named_children(&mut c).any(|n| n.kind() == "interpolation");
            interpolated
        }
        "concatenated_string" => {
            let mut c = node.walk();
            let any = node.named_children(&mut c).any(|n| is_formatted_string(n, ctx));
            any
        }
        "binary_operator" => {
            let op = node.child_by_field_name("operator").map(|o| ctx.slice(o).into_owned()).unwrap_or_default();
            let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
            else {
                return false;
            };
            match op.as_str() {
                "%" => stringish(left, ctx),
                // A literal joined with something that is not a literal, or with formatted text.
                "+" => {
                    is_formatted_string(left, ctx)
                        || is_formatted_string(right, ctx)
                        || stringish(left, ctx) != stringish(right, ctx)
                }
                _ => false,
            }
        }
        "call" => {
            let f = node.child_by_field_name("function");
            f.is_some_and(|f| {
                f.kind() == "attribute"
                    && f.child_by_field_name("attribute").is_some_and(|a| ctx.slice(a) == "format")
                    && f.child_by_field_name("object")
                        .is_some_and(|o| matches!(o.kind(), "string" | "concatenated_string"))
            })
        }
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| is_formatted_string(n, ctx)),
        _ => false,
    }
}

/// A string literal, or literals joined with `+`.
fn stringish(node: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    match node.kind() {
        "string" | "concatenated_string" => true,
        "binary_operator" => {
            node.child_by_field_name("operator").is_some_and(|o| ctx.slice(o) == "+")
                && node.child_by_field_name("left").is_some_and(|l| stringish(l, ctx))
                && node.child_by_field_name("right").is_some_and(|r| stringish(r, ctx))
        }
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| stringish(n, ctx)),
        _ => false,
    }
}

fn cache_text() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(cache|redis)").expect("static regex"))
}

/// Whether an expression is a cache client: Django's cache, a Redis or Memcached client, or
/// something named like one (`self.cache`, `redis_conn`).
/// With `strict`, a Redis client counts only when it is named like a cache.
pub fn is_cache_receiver<'t>(recv: Node<'t>, ctx: &Ctx<'_, 't>, strict: bool) -> bool {
    if let Some(q) = ctx.resolver.resolve(recv) {
        const CACHES: &[&str] = &["django.core.cache.", "pymemcache.", "pylibmc.", "memcache."];
        if CACHES.iter().any(|c| q.starts_with(c)) || (!strict && q.starts_with("redis.")) {
            return true;
        }
    }
    let text = ctx.slice(recv);
    if strict {
        text.to_ascii_lowercase().contains("cache")
    } else {
        cache_text().is_match(&text)
    }
}

/// Calls `recv.method(...)` in a def's own body (not nested defs), in source order.
fn method_calls<'t>(body: Node<'t>, ctx: &Ctx<'_, 't>) -> Vec<(String, Node<'t>, Node<'t>)> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "call" {
            if let Some(f) = node.child_by_field_name("function").filter(|f| f.kind() == "attribute") {
                if let (Some(recv), Some(attr)) = (f.child_by_field_name("object"), f.child_by_field_name("attribute"))
                {
                    out.push((ctx.slice(attr).into_owned(), recv, node));
                }
            }
        }
        if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") && node.id() != body.id() {
            continue;
        }
        let mut c = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// `cache.get(key, default)` with a default other than `None`: a read-modify-write, not a
/// lookup that can miss.
fn has_default(call: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else { return false };
    let mut c = args.walk();
    let rest: Vec<Node<'_>> = args.named_children(&mut c).skip(1).collect();
    rest.iter().any(|a| {
        let value = if a.kind() == "keyword_argument" {
            if a.child_by_field_name("name").is_none_or(|n| ctx.slice(n) != "default") {
                return false;
            }
            a.child_by_field_name("value")
        } else {
            Some(*a)
        };
        value.is_some_and(|v| v.kind() != "none")
    })
}

fn first_argument<'t>(call: Node<'t>) -> Option<Node<'t>> {
    call.child_by_field_name("arguments").and_then(|a| a.named_child(0))
}

pub fn cache_patterns<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(def) = caps.get("_def") else { return };
    let Some(body) = def.child_by_field_name("body") else { return };
    let calls = method_calls(body, ctx);
    let same = |a: Node<'_>, b: Node<'_>| ctx.slice(a) == ctx.slice(b);
    let key_of = |call: Node<'t>| first_argument(call).map(|k| ctx.slice(k).into_owned());
    let mut found: Vec<(&str, std::ops::Range<usize>)> = Vec::new();

    // Cache-aside: `v = cache.get(k)`, a test of `v`, then `cache.set(k, ...)` later on.
    for (i, (method, recv, call)) in calls.iter().enumerate() {
        if method != "get" || !is_cache_receiver(*recv, ctx, false) || has_default(*call, ctx) {
            continue;
        }
        let Some(var) = assigned_name(*call, ctx) else { continue };
        let tested = mentions_in_condition(body, &var, ctx);
        let key = key_of(*call);
        let stores = calls[i + 1..].iter().any(|(m, r, c)| {
            matches!(m.as_str(), "set" | "setex" | "add" | "set_many") && same(*r, *recv) && key_of(*c) == key
        });
        if tested && stores {
            if let Some(f) = call.child_by_field_name("function") {
                found.push(("cache-aside", f.byte_range()));
            }
        }
    }

    // Rate limiting: INCR then EXPIRE on the same key of the same client.
    for (i, (method, recv, call)) in calls.iter().enumerate() {
        if method != "incr" || !is_cache_receiver(*recv, ctx, false) {
            continue;
        }
        let key = key_of(*call);
        let expires = calls[i + 1..]
            .iter()
            .any(|(m, r, c)| matches!(m.as_str(), "expire" | "pexpire") && same(*r, *recv) && key_of(*c) == key);
        if expires {
            if let Some(f) = call.child_by_field_name("function") {
                found.push(("rate-limiting", f.byte_range()));
            }
        }
    }
    for (id, range) in found {
        ctx.report_id(id, range);
    }
}

/// `name` when the call is the whole right side of `name = call`.
fn assigned_name(call: Node<'_>, ctx: &Ctx<'_, '_>) -> Option<String> {
    let mut node = call;
    if let Some(p) = node.parent().filter(|p| p.kind() == "await") {
        node = p;
    }
    let parent = node.parent().filter(|p| p.kind() == "assignment")?;
    if parent.child_by_field_name("right") != Some(node) {
        return None;
    }
    let left = parent.child_by_field_name("left").filter(|l| l.kind() == "identifier")?;
    Some(ctx.slice(left).into_owned())
}

/// Whether an `if`/`while` condition or a conditional expression in the body tests `name`.
fn mentions_in_condition(body: Node<'_>, name: &str, ctx: &Ctx<'_, '_>) -> bool {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let condition = match node.kind() {
            "if_statement" | "elif_clause" | "while_statement" => node.child_by_field_name("condition"),
            "conditional_expression" => node.named_child(1),
            "boolean_operator" => Some(node),
            _ => None,
        };
        if let Some(cond) = condition {
            if contains_identifier(cond, name, ctx) {
                return true;
            }
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    false
}

fn contains_identifier(node: Node<'_>, name: &str, ctx: &Ctx<'_, '_>) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && ctx.slice(n) == name {
            return true;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}
