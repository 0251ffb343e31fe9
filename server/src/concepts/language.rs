//! Checks for the Python-language pitfalls a pattern cannot decide alone: a closure made in a
//! loop and kept for later (late binding), a float that holds money (decided by the name it is
//! stored under or read from), and a class that defines `__eq__` without `__hash__`.

use std::collections::HashSet;

use tree_sitter::Node;

use super::checks::defs_in_body;
use super::{Captures, Ctx};

/// Calls that keep a callable for later rather than calling it now: a closure passed to one of
/// them runs after the loop has moved on. `sorted(key=lambda ...)`, `filter(lambda ...)` and the
/// like call it at once and are not listed.
const KEEPERS: &[&str] = &[
    "append",
    "appendleft",
    "add",
    "insert",
    "extend",
    "setdefault",
    "put",
    "put_nowait",
    "on_commit",
    "add_done_callback",
    "call_soon",
    "call_soon_threadsafe",
    "call_later",
    "call_at",
    "submit",
    "connect",
    "register",
    "setattr",
];

pub(super) fn late_binding_closure<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(closure) = caps.get("_closure") else { return };
    let loop_vars = match closure.kind() {
        "lambda" => kept_lambda_loop(closure, ctx),
        "function_definition" => kept_def_loop(closure, ctx),
        _ => None,
    };
    let Some(loop_vars) = loop_vars.filter(|v| !v.is_empty()) else { return };
    let Some(body) = closure.child_by_field_name("body") else { return };
    let mut local: HashSet<String> = HashSet::new();
    if let Some(params) = closure.child_by_field_name("parameters") {
        bound_parameters(params, ctx, &mut local);
    }
    if closure.kind() == "function_definition" {
        assigned_in(body, ctx, &mut local);
    }
    if let Some(var) = first_free_use(body, &loop_vars, &mut local, ctx) {
        ctx.report_id("late-binding-closure", var.byte_range());
    }
}

/// For a lambda kept for later inside a loop: the names that loop (re)binds each iteration.
fn kept_lambda_loop<'t>(closure: Node<'t>, ctx: &Ctx<'_, 't>) -> Option<HashSet<String>> {
    let mut child = closure;
    loop {
        let parent = child.parent()?;
        match parent.kind() {
            // The comprehension builds every closure before any runs. A generator expression
            // hands each out as it is made, so calling it then sees the current value.
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" => {
                if parent.child_by_field_name("body") != Some(child) {
                    return None;
                }
                let mut names = HashSet::new();
                let mut c = parent.walk();
                for clause in parent.named_children(&mut c).filter(|n| n.kind() == "for_in_clause") {
                    if let Some(left) = clause.child_by_field_name("left") {
                        target_names(left, ctx, &mut names);
                    }
                }
                return Some(names);
            }
            "tuple" | "list" | "set" | "dictionary" | "parenthesized_expression" | "expression_list" => {}
            "pair" if parent.child_by_field_name("value") == Some(child) => {}
            "keyword_argument" if parent.child_by_field_name("value") == Some(child) => {}
            "argument_list" => {
                let call = parent.parent().filter(|c| c.kind() == "call")?;
                if !is_keeper_call(call, ctx) {
                    return None;
                }
                return loop_names(call, ctx);
            }
            "assignment" => {
                let left = parent.child_by_field_name("left")?;
                if parent.child_by_field_name("right") != Some(child)
                    || !matches!(left.kind(), "subscript" | "attribute")
                {
                    return None;
                }
                return loop_names(parent, ctx);
            }
            _ => return None,
        }
        child = parent;
    }
}

/// For a def in a loop body whose function is kept for later by one of the statements right
/// after it (appended, registered, stored in a subscript or attribute): the names the loop
/// rebinds. Only the next few statements are read, so a body of many defs stays linear.
fn kept_def_loop<'t>(def: Node<'t>, ctx: &Ctx<'_, 't>) -> Option<HashSet<String>> {
    const LOOKAHEAD: usize = 16;
    let name = ctx.slice(def.child_by_field_name("name")?).into_owned();
    let stmt = def.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(def);
    let is_name = |v: Option<Node<'t>>| v.is_some_and(|v| v.kind() == "identifier" && ctx.slice(v) == name);
    let mut next = stmt.next_named_sibling();
    let mut kept = false;
    for _ in 0..LOOKAHEAD {
        let Some(s) = next else { break };
        next = s.next_named_sibling();
        let Some(e) = s.named_child(0).filter(|_| s.kind() == "expression_statement") else { continue };
        kept = match e.kind() {
            "call" if is_keeper_call(e, ctx) => e.child_by_field_name("arguments").is_some_and(|args| {
                let mut c = args.walk();
                let found = args.named_children(&mut c).any(|a| is_name(Some(a)));
                found
            }),
            "assignment" => {
                e.child_by_field_name("left").is_some_and(|l| matches!(l.kind(), "subscript" | "attribute"))
                    && is_name(e.child_by_field_name("right"))
            }
            _ => false,
        };
        if kept {
            break;
        }
    }
    if kept {
        loop_names(def, ctx)
    } else {
        None
    }
}

/// Whether a call keeps its arguments for later (`handlers.append(...)`, `on_commit(...)`).
fn is_keeper_call(call: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    let name = match call.child_by_field_name("function") {
        Some(f) if f.kind() == "identifier" => f,
        Some(f) if f.kind() == "attribute" => match f.child_by_field_name("attribute") {
            Some(a) => a,
            None => return false,
        },
        _ => return false,
    };
    KEEPERS.contains(&&*ctx.slice(name))
}

/// The for loop whose body holds `node` in the same def (statements and blocks between them).
fn enclosing_loop(node: Node<'_>) -> Option<Node<'_>> {
    let mut child = node;
    loop {
        let parent = child.parent()?;
        match parent.kind() {
            "for_statement" => {
                return (parent.child_by_field_name("body") == Some(child)).then_some(parent);
            }
            "function_definition" | "class_definition" | "lambda" | "module" => return None,
            _ => {}
        }
        child = parent;
    }
}

/// The names a for loop around `node` rebinds each iteration: its targets, and names assigned
/// by the first statements directly in its body (a bound, so that a body of many closures
/// stays linear).
fn loop_names<'t>(node: Node<'t>, ctx: &Ctx<'_, 't>) -> Option<HashSet<String>> {
    const ASSIGNMENTS_READ: usize = 64;
    let for_loop = enclosing_loop(node)?;
    let mut names = HashSet::new();
    if let Some(left) = for_loop.child_by_field_name("left") {
        target_names(left, ctx, &mut names);
    }
    if let Some(body) = for_loop.child_by_field_name("body") {
        let mut c = body.walk();
        for stmt in body.named_children(&mut c).take(ASSIGNMENTS_READ).filter(|s| s.kind() == "expression_statement") {
            if let Some(left) =
                stmt.named_child(0).filter(|a| a.kind() == "assignment").and_then(|a| a.child_by_field_name("left"))
            {
                target_names(left, ctx, &mut names);
            }
        }
    }
    Some(names)
}

/// The plain names an assignment or loop target binds (`a`, `a, b`, `(a, [b, c])`).
fn target_names(target: Node<'_>, ctx: &Ctx<'_, '_>, out: &mut HashSet<String>) {
    match target.kind() {
        "identifier" => {
            out.insert(ctx.slice(target).into_owned());
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "parenthesized_expression" => {
            let mut c = target.walk();
            for t in target.named_children(&mut c) {
                target_names(t, ctx, out);
            }
        }
        _ => {}
    }
}

/// Parameter names of a def or lambda; a default (`i=i`) binds the value now, which is the fix.
fn bound_parameters(params: Node<'_>, ctx: &Ctx<'_, '_>, out: &mut HashSet<String>) {
    let mut c = params.walk();
    for p in params.named_children(&mut c) {
        let name = match p.kind() {
            "identifier" => Some(p),
            "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                p.named_child(0).and_then(|n| if n.kind() == "identifier" { Some(n) } else { n.named_child(0) })
            }
            _ => None,
        };
        if let Some(n) = name.filter(|n| n.kind() == "identifier") {
            out.insert(ctx.slice(n).into_owned());
        }
    }
}

/// Names a def's body binds for itself (assignment and loop targets), outside nested scopes.
fn assigned_in(body: Node<'_>, ctx: &Ctx<'_, '_>, out: &mut HashSet<String>) {
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                if let Some(left) = n.child_by_field_name("left") {
                    target_names(left, ctx, out);
                }
            }
            "function_definition" | "class_definition" | "lambda" => continue,
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
}

/// The first identifier in `body`, in source order, that reads one of `names` and is not bound
/// inside the closure (nested defs, lambdas and comprehensions bind their own names).
fn first_free_use<'t>(
    body: Node<'t>,
    names: &HashSet<String>,
    local: &mut HashSet<String>,
    ctx: &Ctx<'_, 't>,
) -> Option<Node<'t>> {
    // Names bound anywhere inside count as bound everywhere: fewer findings, never a wrong one.
    let mut stack = vec![body];
    let mut uses: Vec<Node<'t>> = Vec::new();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "lambda" | "function_definition" => {
                if let Some(params) = n.child_by_field_name("parameters") {
                    bound_parameters(params, ctx, local);
                }
            }
            "for_in_clause" => {
                if let Some(left) = n.child_by_field_name("left") {
                    target_names(left, ctx, local);
                }
            }
            "identifier" => {
                let parent = n.parent();
                let is_name_part = parent.is_some_and(|p| {
                    (p.kind() == "attribute" && p.child_by_field_name("attribute") == Some(n))
                        || (p.kind() == "keyword_argument" && p.child_by_field_name("name") == Some(n))
                });
                if !is_name_part && names.contains(&*ctx.slice(n)) {
                    uses.push(n);
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    uses.sort_by_key(|n| n.start_byte());
    uses.into_iter().find(|n| !local.contains(&*ctx.slice(*n)))
}

/// Reports the match's concept when the name it is stored under or read from is about money.
pub(super) fn money_name<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(name) = caps.get("_name").and_then(|n| value_name(n, ctx)) else { return };
    if is_money_name(&name) {
        for (id, node) in caps.concepts() {
            ctx.report(id, node.byte_range());
        }
    }
}

/// The name a value is known by: `price`, `order.price`, `data["price"]`, `data.get("price")`.
fn value_name(node: Node<'_>, ctx: &Ctx<'_, '_>) -> Option<String> {
    let key = |n: Node<'_>| -> Option<String> {
        let content = n.named_child(1).filter(|c| n.kind() == "string" && c.kind() == "string_content")?;
        Some(ctx.slice(content).into_owned())
    };
    match node.kind() {
        "identifier" => Some(ctx.slice(node).into_owned()),
        "attribute" => node.child_by_field_name("attribute").map(|a| ctx.slice(a).into_owned()),
        "subscript" => key(node.child_by_field_name("subscript")?),
        "call" => {
            let f = node.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
            if f.child_by_field_name("attribute").is_none_or(|a| ctx.slice(a) != "get") {
                return None;
            }
            key(node.child_by_field_name("arguments")?.named_child(0)?)
        }
        _ => None,
    }
}

/// Reports the match's concepts unless the captured call is only read for one attribute on the
/// spot (`datetime.now().year`, `datetime.now().strftime(...)`).
pub(super) fn kept_value<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(call) = caps.get("_call") else { return };
    let read_at_once =
        call.parent().is_some_and(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(call));
    if !read_at_once {
        for (id, node) in caps.concepts() {
            ctx.report(id, node.byte_range());
        }
    }
}

/// Words that name an amount of money.
const MONEY: &[&str] = &[
    "price", "prices", "amount", "amounts", "cost", "costs", "fee", "fees", "balance", "salary", "wage", "wages",
    "payment", "subtotal", "tax", "vat", "discount", "revenue", "refund", "money", "budget",
];
/// `total` is money only next to one of these (`order_total`, `grand_total`), not in `total` of
/// a progress counter.
const COMMERCE: &[&str] = &["order", "cart", "basket", "invoice", "grand", "line", "sale", "sales", "purchase", "bill"];
/// Words that make the value a ratio, a count or a time, where a float is right.
const NOT_MONEY: &[&str] = &[
    "rate",
    "rates",
    "ratio",
    "percent",
    "percentage",
    "pct",
    "count",
    "qty",
    "quantity",
    "num",
    "number",
    "seconds",
    "secs",
    "sec",
    "ms",
    "time",
    "duration",
    "weight",
    "score",
    "size",
    "length",
    "len",
    "factor",
    "multiplier",
    "threshold",
    "share",
];

/// Whether a snake_case or camelCase name is about money.
pub(super) fn is_money_name(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in name.chars() {
        let boundary = matches!(ch, '_' | '-' | ' ') || ch.is_uppercase();
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if ch.is_alphanumeric() {
            current.extend(ch.to_lowercase());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    if has(NOT_MONEY) {
        return false;
    }
    has(MONEY) || (words.iter().any(|w| w == "total") && has(COMMERCE))
}

/// A class that defines `__eq__` and neither defines nor assigns `__hash__`: Python sets its
/// `__hash__` to None. A frozen (or `unsafe_hash`) dataclass gets one generated and is left out.
pub(super) fn eq_without_hash<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(class) = caps.get("_class") else { return };
    let Some(body) = class.child_by_field_name("body") else { return };
    let defs = defs_in_body(body);
    let named = |d: &Node<'t>, m: &str| d.child_by_field_name("name").is_some_and(|n| ctx.slice(n) == m);
    let Some(eq) = defs.iter().find(|d| named(d, "__eq__")).and_then(|d| d.child_by_field_name("name")) else {
        return;
    };
    // A container (`__getitem__`, `__len__`, `__iter__`...) is meant to be unhashable, as list
    // and dict are: its state changes, so its hash could not stay equal to itself.
    if defs.iter().any(|d| CONTAINER_METHODS.iter().any(|m| named(d, m)) || named(d, "__hash__"))
        || derives_from_container(class, ctx)
    {
        return;
    }
    let mut c = body.walk();
    let assigns_hash = body.named_children(&mut c).any(|s| {
        s.kind() == "expression_statement"
            && s.named_child(0)
                .filter(|a| a.kind() == "assignment")
                .and_then(|a| a.child_by_field_name("left"))
                .is_some_and(|l| {
                    let mut names = HashSet::new();
                    target_names(l, ctx, &mut names);
                    names.contains("__hash__")
                })
    });
    if assigns_hash || generates_hash(class, ctx) {
        return;
    }
    ctx.report_id("eq-without-hash", eq.byte_range());
}

/// Methods that make a class a container.
const CONTAINER_METHODS: &[&str] = &["__getitem__", "__setitem__", "__len__", "__iter__", "__contains__"];

/// Whether a class derives from a builtin or abstract container (`dict`, `MutableMapping`...).
fn derives_from_container<'t>(class: Node<'t>, ctx: &Ctx<'_, 't>) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else { return false };
    let mut c = bases.walk();
    let found = bases.named_children(&mut c).filter(|b| matches!(b.kind(), "identifier" | "attribute")).any(|b| {
        ctx.resolver.base_names(b).iter().any(|q| {
            matches!(q.as_str(), "builtins.list" | "builtins.dict" | "builtins.set" | "builtins.bytearray")
                || q.starts_with("collections.")
                || matches!(
                    q.as_str(),
                    "typing.Mapping" | "typing.MutableMapping" | "typing.Sequence" | "typing.MutableSequence"
                )
        })
    });
    found
}

/// A class decorator that writes `__hash__`: `@dataclass(frozen=True)`, `unsafe_hash=True`, attrs'
/// `hash=True`.
fn generates_hash(class: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    let Some(decorated) = class.parent().filter(|p| p.kind() == "decorated_definition") else { return false };
    let mut c = decorated.walk();
    let found = decorated.named_children(&mut c).filter(|d| d.kind() == "decorator").any(|d| {
        let Some(call) = d.named_child(0).filter(|e| e.kind() == "call") else { return false };
        let Some(args) = call.child_by_field_name("arguments") else { return false };
        let mut ac = args.walk();
        let found = args.named_children(&mut ac).filter(|a| a.kind() == "keyword_argument").any(|a| {
            let name = a.child_by_field_name("name").map(|n| ctx.slice(n).into_owned()).unwrap_or_default();
            matches!(name.as_str(), "frozen" | "unsafe_hash" | "hash")
                && a.child_by_field_name("value").is_some_and(|v| v.kind() == "true")
        });
        found
    });
    found
}

#[cfg(test)]
mod tests {
    use super::is_money_name;

    #[test]
    fn money_names() {
        for yes in ["price", "unit_price", "unitPrice", "total_amount", "order_total", "grand_total", "fee", "Amount"] {
            assert!(is_money_name(yes), "{yes}");
        }
        for no in ["total", "total_seconds", "tax_rate", "discount_percent", "value", "count", "price_count", "space"] {
            assert!(!is_money_name(no), "{no}");
        }
    }
}
