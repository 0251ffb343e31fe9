//! Quick fixes for the pitfalls that have a mechanical fix. Each returns byte-range edits on the
//! original text (non-overlapping), producing code that parses and no longer has the pitfall;
//! the server turns them into a `WorkspaceEdit`. When a case is not one we can fix safely, there
//! is no fix rather than a wrong one.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::orm;
use super::resolve::Resolver;
use super::Finding;
use crate::language::Lang;
use crate::text::Text;

/// Replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug)]
pub struct FixOptions {
    /// Seconds for the `timeout=` a missing-timeout fix adds.
    pub timeout_seconds: u32,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions { timeout_seconds: 10 }
    }
}

/// The fix for a finding, if its concept has one in the file's language and this occurrence can
/// be fixed safely.
pub fn fix_for(f: &Finding, lang: Lang, tree: &Tree, text: Text<'_>, options: &FixOptions) -> Option<Fix> {
    if lang != Lang::Python {
        // These two are on a range, not a node: an image inside its quotes, a FROM keyword.
        match (lang, f.id()) {
            (_, "unpinned-image") => return infra::pin_image(f.range.clone(), text),
            (Lang::Dockerfile, "runs-as-root") => return infra::non_root_user(f.range.clone(), tree, text),
            _ => {}
        }
        let node = node_at(tree, f.range.clone())?;
        return match (lang, f.id()) {
            (Lang::Compose, "compose-depends-on-unhealthy") => depends_on_healthy(node, text),
            (Lang::Kubernetes, "k8s-missing-probes") => infra::probes(node, text),
            _ => None,
        };
    }
    let node = node_at(tree, f.range.clone())?;
    match f.id() {
        "mutable-default-argument" => mutable_default(node, text),
        "is-literal-comparison" => literal_comparison(node),
        "missing-timeout" => missing_timeout(node, text, options),
        "debugger" => debugger(node, text),
        "hardcoded-secret" => hardcoded_secret(node, tree, text),
        "debug-true" => debug_true(node, tree, text),
        "n-plus-one" => n_plus_one(node, tree, text),
        "sql-injection" => sql_injection(node, tree, text),
        _ => None,
    }
}

/// `depends_on` in its long form: a dependency with `condition: service_started` gets
/// `service_healthy` instead, one without a condition gets the line added. The short form (`-
/// db`) is left alone: rewriting the list into a mapping is not one mechanical edit, and so is
/// a flow mapping without a condition.
fn depends_on_healthy(key: Node<'_>, text: Text<'_>) -> Option<Fix> {
    use super::infra::yaml;
    let mut pair = key;
    while pair.kind() != "block_mapping_pair" {
        pair = pair.parent().filter(|p| p.start_byte() == key.start_byte())?;
    }
    let title = "Wait until the dependency is healthy (condition: service_healthy)".to_string();
    let healthy = "condition: service_healthy";
    let line_end = (key.end_byte()..text.len()).find(|&i| matches!(text.byte(i), Some(b'\n' | b'\r')));
    let newline = if line_end.and_then(|i| text.byte(i)) == Some(b'\r') { "\r\n" } else { "\n" };
    let edit = match pair.child_by_field_name("value").and_then(yaml::value) {
        Some(body) => match yaml::get(body, "condition", text).and_then(|p| p.value) {
            Some(condition) => Edit { range: yaml::inner_range(condition), text: "service_healthy".into() },
            None if body.kind() == "block_mapping" => {
                let at = yaml::pairs(body).first()?.key.start_byte();
                let indent = " ".repeat(at - text.line_start(at));
                Edit { range: at..at, text: format!("{healthy}{newline}{indent}") }
            }
            None => return None,
        },
        None => {
            // `db:` with nothing under it: the condition goes under the key.
            let indent = " ".repeat(key.start_byte() - text.line_start(key.start_byte()) + 2);
            let end = pair.end_byte();
            Edit { range: end..end, text: format!("{newline}{indent}{healthy}") }
        }
    };
    Some(Fix { title, edits: vec![edit] })
}

/// The innermost named node spanning exactly `range`.
fn node_at(tree: &Tree, range: Range<usize>) -> Option<Node<'_>> {
    let mut node = tree.root_node().named_descendant_for_byte_range(range.start, range.end)?;
    while node.byte_range() != range {
        node = node.parent()?;
        if node.byte_range().len() > range.len() {
            return None;
        }
    }
    Some(node)
}

fn slice(text: Text<'_>, node: Node<'_>) -> String {
    text.slice(node.byte_range()).into_owned()
}

/// Byte offset just past the line break of the line holding `byte` (or the end of the text).
fn next_line_start(text: Text<'_>, byte: usize) -> usize {
    let mut i = byte;
    while i < text.len() {
        match text.byte(i) {
            Some(b'\n') => return i + 1,
            Some(b'\r') => return if text.byte(i + 1) == Some(b'\n') { i + 2 } else { i + 1 },
            _ => i += 1,
        }
    }
    i
}

/// The line break the file uses (`\r\n` or `\n`).
fn newline(text: Text<'_>) -> &'static str {
    let head = text.slice(0..text.len().min(4096));
    if head.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn mutable_default(value: Node<'_>, text: Text<'_>) -> Option<Fix> {
    let param = value.parent().filter(|p| matches!(p.kind(), "default_parameter" | "typed_default_parameter"))?;
    let name = slice(text, param.child_by_field_name("name")?);
    let def =
        param.parent().filter(|p| p.kind() == "parameters")?.parent().filter(|d| d.kind() == "function_definition")?;
    let body = def.child_by_field_name("body")?;
    let mut c = body.walk();
    let statements: Vec<Node<'_>> = body.named_children(&mut c).filter(|s| s.kind() != "comment").collect();
    let first = *statements.first()?;
    // `def f(x=[]): return x` keeps its body on the def line: no room for a guard.
    if first.start_position().row == def.start_position().row {
        return None;
    }
    let is_docstring = |s: Node<'_>| {
        s.kind() == "expression_statement"
            && s.named_child_count() == 1
            && s.named_child(0).is_some_and(|e| e.kind() == "string")
    };
    let indent_of = |s: Node<'_>| text.slice(text.line_start(s.start_byte())..s.start_byte()).into_owned();
    let indent = indent_of(first);
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let nl = newline(text);
    let default = slice(text, value);
    let guard = format!("{indent}if {name} is None:{nl}{indent}{unit}{name} = {default}{nl}");
    let insert = match statements.get(usize::from(is_docstring(first))) {
        Some(stmt) if !is_docstring(first) || stmt.id() != first.id() => {
            let at = text.line_start(stmt.start_byte());
            Edit { range: at..at, text: guard }
        }
        // Only a docstring: the guard goes after it.
        _ => {
            let at = next_line_start(text, first.end_byte());
            let guard = if at == text.len() && !matches!(text.byte(at.saturating_sub(1)), Some(b'\n')) {
                format!("{nl}{}", guard.trim_end_matches(nl))
            } else {
                guard
            };
            Edit { range: at..at, text: guard }
        }
    };
    let mut edits = Vec::new();
    if let Some(ty) = param.child_by_field_name("type") {
        let t = slice(text, ty);
        if !t.contains("None") && !t.starts_with("Optional") {
            edits.push(Edit { range: ty.byte_range(), text: format!("{t} | None") });
        }
    }
    edits.push(Edit { range: value.byte_range(), text: "None".into() });
    edits.push(insert);
    Some(Fix { title: format!("Default `{name}` to None and create a fresh {default} per call"), edits })
}

fn literal_comparison(cmp: Node<'_>) -> Option<Fix> {
    let mut c = cmp.walk();
    let ops: Vec<Node<'_>> = cmp.children(&mut c).filter(|n| matches!(n.kind(), "is" | "is not")).collect();
    let [op] = ops.as_slice() else { return None };
    let (new, word) = if op.kind() == "is" { ("==", "is") } else { ("!=", "is not") };
    Some(Fix {
        title: format!("Compare values with `{new}` instead of `{word}`"),
        edits: vec![Edit { range: op.byte_range(), text: new.into() }],
    })
}

fn missing_timeout(call: Node<'_>, text: Text<'_>, options: &FixOptions) -> Option<Fix> {
    let args = call.child_by_field_name("arguments").filter(|a| a.kind() == "argument_list")?;
    let n = options.timeout_seconds;
    let mut c = args.walk();
    let last = args.named_children(&mut c).filter(|a| a.kind() != "comment").last();
    let edit = match last {
        Some(last) => {
            // One argument per line with a trailing comma: add `timeout=` on its own line too.
            let between = text.slice(last.end_byte()..args.end_byte() - 1);
            let close_row = args.end_position().row;
            if between.trim_start().starts_with(',') && close_row > last.end_position().row {
                let comma = last.end_byte() + between.find(',').unwrap_or(0) + 1;
                let indent = text.slice(text.line_start(last.start_byte())..last.start_byte()).into_owned();
                let indent = if indent.trim().is_empty() { indent } else { String::new() };
                Edit { range: comma..comma, text: format!("{}{indent}timeout={n},", newline(text)) }
            } else {
                Edit { range: last.end_byte()..last.end_byte(), text: format!(", timeout={n}") }
            }
        }
        None => {
            let at = args.start_byte() + 1;
            Edit { range: at..at, text: format!("timeout={n}") }
        }
    };
    Some(Fix { title: format!("Add `timeout={n}` so a slow service cannot hang this worker"), edits: vec![edit] })
}

fn debugger(call: Node<'_>, text: Text<'_>) -> Option<Fix> {
    let stmt = call.parent().filter(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)?;
    let block = stmt.parent()?;
    let mut c = block.walk();
    let siblings = block.named_children(&mut c).filter(|s| s.kind() != "comment").count();
    let title = "Remove the debugger call".to_string();
    if siblings == 1 && block.kind() == "block" {
        return Some(Fix { title, edits: vec![Edit { range: stmt.byte_range(), text: "pass".into() }] });
    }
    let start = text.line_start(stmt.start_byte());
    let end = next_line_start(text, stmt.end_byte());
    let before = text.slice(start..stmt.start_byte());
    let after = text.slice(stmt.end_byte()..end);
    if before.trim().is_empty() && after.trim().is_empty() {
        return Some(Fix { title, edits: vec![Edit { range: start..end, text: String::new() }] });
    }
    // `import pdb; pdb.set_trace()`: the import goes too (the whole line, or `pass` when the
    // block has nothing else).
    let trimmed = before.trim_end();
    let line_statements = trimmed.trim_start().trim_end_matches(';').trim();
    if after.trim().is_empty() && matches!(line_statements, "import pdb" | "import ipdb") {
        let indent = &before[..before.len() - before.trim_start().len()];
        return Some(if siblings == 2 && block.kind() == "block" {
            Fix { title, edits: vec![Edit { range: start + indent.len()..stmt.end_byte(), text: "pass".into() }] }
        } else {
            Fix { title, edits: vec![Edit { range: start..end, text: String::new() }] }
        });
    }
    // `x = 1; breakpoint()`: drop the statement and one neighbouring `;`.
    if trimmed.ends_with(';') {
        let from = start + trimmed.len() - 1;
        return Some(Fix { title, edits: vec![Edit { range: from..stmt.end_byte(), text: String::new() }] });
    }
    let rest = after.trim_start();
    if rest.starts_with(';') {
        let to = stmt.end_byte() + (after.len() - rest.len()) + 1;
        let to = to + text.slice(to..end).len() - text.slice(to..end).trim_start_matches([' ', '\t']).len();
        return Some(Fix { title, edits: vec![Edit { range: stmt.start_byte()..to, text: String::new() }] });
    }
    None
}

/// An edit adding `import os` when the module does not bind `os` yet.
fn import_os(tree: &Tree, text: Text<'_>) -> Option<Edit> {
    let root = tree.root_node();
    let resolver = Resolver::new(root, text);
    let mut c = root.walk();
    let statements: Vec<Node<'_>> = root.named_children(&mut c).collect();
    if resolver.imports_module("os") {
        return None;
    }
    let nl = newline(text);
    // Before the first import that is not `from __future__`, else after a module docstring.
    let anchor = statements.iter().find(|s| {
        matches!(s.kind(), "import_statement" | "import_from_statement")
            && !text.slice(s.byte_range()).contains("__future__")
    });
    let at = match anchor {
        Some(s) => text.line_start(s.start_byte()),
        None => match statements.first() {
            Some(s) if s.kind() == "expression_statement" && s.named_child(0).is_some_and(|e| e.kind() == "string") => {
                next_line_start(text, s.end_byte())
            }
            _ => {
                // After leading comments (a shebang, an encoding line).
                let mut at = 0;
                while text.byte(at) == Some(b'#') {
                    at = next_line_start(text, at);
                }
                at
            }
        },
    };
    Some(Edit { range: at..at, text: format!("import os{nl}") })
}

fn hardcoded_secret(literal: Node<'_>, tree: &Tree, text: Text<'_>) -> Option<Fix> {
    let parent = literal.parent()?;
    let name = match parent.kind() {
        "assignment" => slice(text, parent.child_by_field_name("left")?),
        "keyword_argument" => slice(text, parent.child_by_field_name("name")?),
        _ => return None,
    };
    let var = name.rsplit('.').next().unwrap_or(&name).to_uppercase();
    let mut edits = Vec::new();
    edits.extend(import_os(tree, text));
    edits.push(Edit { range: literal.byte_range(), text: format!("os.environ[\"{var}\"]") });
    Some(Fix { title: format!("Read `{name}` from the environment variable {var}"), edits })
}

fn debug_true(value: Node<'_>, tree: &Tree, text: Text<'_>) -> Option<Fix> {
    if value.kind() != "true" {
        return None;
    }
    let mut edits = Vec::new();
    edits.extend(import_os(tree, text));
    edits.push(Edit {
        range: value.byte_range(),
        text: "os.environ.get(\"DJANGO_DEBUG\", \"false\").lower() == \"true\"".into(),
    });
    Some(Fix { title: "Read DEBUG from the DJANGO_DEBUG environment variable (off unless set)".into(), edits })
}

fn n_plus_one(hop: Node<'_>, tree: &Tree, text: Text<'_>) -> Option<Fix> {
    let var = hop.child_by_field_name("object")?;
    let field = slice(text, hop.child_by_field_name("attribute")?);
    let var_name = slice(text, var);
    // The loop (or comprehension) whose target is the variable.
    let mut cur = hop.parent();
    let iter = loop {
        let n = cur?;
        let clause = match n.kind() {
            "for_statement" => Some(n),
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                let mut c = n.walk();
                let found = n.named_children(&mut c).find(|ch| {
                    ch.kind() == "for_in_clause"
                        && ch.child_by_field_name("left").is_some_and(|l| slice(text, l) == var_name)
                });
                found
            }
            _ => None,
        };
        if let Some(clause) = clause {
            if clause.child_by_field_name("left").is_some_and(|l| slice(text, l) == var_name) {
                break clause.child_by_field_name("right")?;
            }
        }
        cur = n.parent();
    };
    let resolver = Resolver::new(tree.root_node(), text);
    // The queryset expression itself: the iterable, or what a local variable was assigned.
    let target = if iter.kind() == "identifier" { resolver.assigned_value(&slice(text, iter), iter)? } else { iter };
    let chain = orm::queryset_chain(target, &resolver, text)?;
    let next =
        hop.parent().and_then(|p| p.child_by_field_name("attribute")).map(|a| slice(text, a)).unwrap_or_default();
    let many = field.ends_with("_set")
        || matches!(
            next.as_str(),
            "all" | "filter" | "exclude" | "count" | "exists" | "first" | "last" | "order_by" | "values"
        );
    let method = if many { "prefetch_related" } else { "select_related" };
    // Add to an existing call of the same kind, else append to the chain (before `.iterator()`).
    if let Some((_, call)) = chain.calls.iter().rev().find(|(m, _)| m == method) {
        let args = call.child_by_field_name("arguments")?;
        let mut c = args.walk();
        let last = args.named_children(&mut c).last();
        let edit = match last {
            Some(last) => Edit { range: last.end_byte()..last.end_byte(), text: format!(", \"{field}\"") },
            None => return None,
        };
        return Some(Fix { title: format!("Fetch `{field}` with the query: add it to {method}()"), edits: vec![edit] });
    }
    let end = match chain.calls.last() {
        Some((m, call)) if m == "iterator" => {
            call.child_by_field_name("function").and_then(|f| f.child_by_field_name("object"))?.end_byte()
        }
        _ => target.end_byte(),
    };
    Some(Fix {
        title: format!("Fetch `{field}` with the query: .{method}(\"{field}\")"),
        edits: vec![Edit { range: end..end, text: format!(".{method}(\"{field}\")") }],
    })
}

fn sql_injection(query: Node<'_>, tree: &Tree, text: Text<'_>) -> Option<Fix> {
    let args = query.parent().filter(|a| a.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call")?;
    let mut c = args.walk();
    if args.named_children(&mut c).count() != 1 {
        return None;
    }
    let callee = call.child_by_field_name("function")?;
    let method = match callee.kind() {
        "attribute" => slice(text, callee.child_by_field_name("attribute")?),
        _ => slice(text, callee),
    };
    if !matches!(method.as_str(), "execute" | "executemany" | "raw") {
        return None;
    }
    // sqlite3 uses `?`; Django, psycopg and MySQL drivers use `%s`.
    let resolver = Resolver::new(tree.root_node(), text);
    let qmark = callee
        .child_by_field_name("object")
        .and_then(|o| resolver.resolve(o))
        .is_some_and(|q| q.starts_with("sqlite3."));
    let mark = if qmark { "?" } else { "%s" };
    let (sql, params) = match query.kind() {
        "string" => parameterize_fstring(query, text, mark)?,
        "binary_operator" => parameterize_percent(query, text, mark)?,
        _ => return None,
    };
    Some(Fix {
        title: "Pass the values as query parameters instead of formatting them into the SQL".into(),
        edits: vec![Edit { range: query.byte_range(), text: format!("{sql}, {params}") }],
    })
}

/// `f"... '{x}' ... {y}"` → (`"... %s ... %s"`, `[x, y]`).
fn parameterize_fstring(s: Node<'_>, text: Text<'_>, mark: &str) -> Option<(String, String)> {
    let mut c = s.walk();
    let parts: Vec<Node<'_>> = s.children(&mut c).collect();
    let (first, rest) = parts.split_first()?;
    let (last, middle) = rest.split_last()?;
    if first.kind() != "string_start" || last.kind() != "string_end" {
        return None;
    }
    let prefix = slice(text, *first);
    let quote_at = prefix.find(['"', '\''])?;
    let flags: String = prefix[..quote_at].chars().filter(|c| !matches!(c, 'f' | 'F')).collect();
    let quote = &prefix[quote_at..];
    let mut body = String::new();
    let mut params = Vec::new();
    // After `'{x}'` the next literal text starts with the closing quote, which goes too.
    let mut drop_quote = false;
    for part in middle {
        let mut piece = slice(text, *part);
        if drop_quote {
            piece = piece.strip_prefix('\'').map(str::to_string).unwrap_or(piece);
            drop_quote = false;
        }
        match part.kind() {
            "interpolation" => {
                let mut ic = part.walk();
                let inner: Vec<Node<'_>> = part.named_children(&mut ic).collect();
                // A conversion or format spec (`{x!r}`, `{x:>5}`) is not a plain value.
                let [expr] = inner.as_slice() else { return None };
                params.push(slice(text, *expr));
                if body.ends_with('\'') && text.byte(part.end_byte()) == Some(b'\'') {
                    body.pop();
                    drop_quote = true;
                }
                body.push_str(mark);
            }
            "escape_interpolation" => body.push_str(&piece[..1]),
            _ => body.push_str(&piece),
        }
    }
    if params.is_empty() {
        return None;
    }
    Some((format!("{flags}{quote}{body}{quote}"), format!("[{}]", params.join(", "))))
}

/// `"... '%s' ..." % x` → (`"... %s ..."`, `[x]`); `% (a, b)` → `[a, b]`; `% {...}` stays a dict.
fn parameterize_percent(op: Node<'_>, text: Text<'_>, mark: &str) -> Option<(String, String)> {
    let left = op.child_by_field_name("left").filter(|l| l.kind() == "string")?;
    let right = op.child_by_field_name("right")?;
    let literal = slice(text, left);
    if literal.starts_with(['f', 'F']) {
        return None;
    }
    let params = match right.kind() {
        "tuple" => {
            let mut c = right.walk();
            let items: Vec<String> = right.named_children(&mut c).map(|n| slice(text, n)).collect();
            format!("[{}]", items.join(", "))
        }
        "dictionary" => slice(text, right),
        _ => format!("[{}]", slice(text, right)),
    };
    let mut sql = literal.replace("'%s'", "%s").replace("%d", "%s").replace("%i", "%s");
    if right.kind() == "dictionary" {
        if mark == "?" {
            return None;
        }
    } else if mark == "?" {
        sql = sql.replace("%s", "?");
    }
    Some((sql, params))
}

mod infra;
#[cfg(test)]
mod tests;
