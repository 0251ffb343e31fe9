//! SQL inside Python strings (an injected language): a literal handed to a cursor's
//! `execute()`/`executemany()`, to `Model.objects.raw()` or to SQLAlchemy's `text()` is parsed
//! with the SQL grammar and analysed with the SQL rules, and what they find is reported at the
//! same characters of the Python file, so a join in raw SQL is a join wherever it is written.
//!
//! The SQL text is the literal's source with everything that is not string content (prefixes,
//! quotes, the space and comments between implicitly concatenated pieces) blanked, escapes
//! replaced by what they stand for padded to their length, and DB-API placeholders (`%s`,
//! `%(name)s`, `:name`) by the grammar's `?` padded likewise. Every byte keeps its offset, so a
//! finding maps back by adding where the literal starts. What we cannot see is left alone: an
//! f-string with a placeholder, a string built with `%`, `+` or `.format()`, a variable
//! assigned more than once or in another function (an edit inside a def re-analyses only that
//! def, so the string and the call must be in the same one). A statement the grammar could not
//! read whole reports nothing: error recovery can drop a `WHERE` and invent a pitfall.

use std::ops::Range;

use tree_sitter::Node;

use super::{analyze_as, orm, Captures, Ctx, Finding};
use crate::document::parse_as;
use crate::language::{Grammar, Lang};
use crate::text::Text;

pub fn embedded_sql<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let (Some(method), Some(query), Some(callee)) = (caps.get("_method"), caps.get("_query"), caps.get("_fn")) else {
        return;
    };
    let Some(call) = callee.parent().filter(|c| c.kind() == "call") else { return };
    if !runs_sql(&ctx.slice(method), callee, ctx) {
        return;
    }
    let Some(literal) = literal_of(query, call, ctx) else { return };
    let Some(sql) = sql_text(literal, ctx.text) else { return };
    if !starts_like_sql(&sql) {
        return;
    }
    let base = literal.start_byte();
    // A suppression comment anywhere on the call's lines covers what its SQL shows.
    let anchor = ctx.text.line_start(call.start_byte())..ctx.text.line_end(call.end_byte());
    for f in findings_in(&sql) {
        let shift = |r: &Range<usize>| r.start + base..r.end + base;
        let related = f.related.as_ref().map(shift);
        ctx.report_embedded(Finding { range: shift(&f.range), concept: f.concept, related }, anchor.clone());
    }
}

/// Whether the call runs its first argument as SQL: `execute`/`executemany` on a cursor or a
/// connection, `raw` on a queryset, SQLAlchemy's `text`.
fn runs_sql<'t>(method: &str, callee: Node<'t>, ctx: &Ctx<'_, 't>) -> bool {
    let receiver = callee.child_by_field_name("object");
    match method {
        "execute" | "executemany" => receiver.is_some_and(|r| {
            static NAMED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            let named = super::infra::regex(&NAMED, r"(?i)(^|[._])(cur(sor)?|conn(ection)?|schema_editor)$");
            named.is_match(&ctx.slice(r)) || ctx.resolver.resolve(r).is_some_and(|q| q.ends_with(".cursor()"))
        }),
        "raw" => receiver.is_some_and(|r| orm::queryset_chain(r, ctx.resolver, ctx.text).is_some()),
        "text" => ctx.resolver.resolve(callee).is_some_and(|q| q.starts_with("sqlalchemy.") && q.ends_with(".text")),
        _ => false,
    }
}

/// The string literal the query argument is: itself, or the one a local variable of the same
/// function was assigned once.
fn literal_of<'t>(query: Node<'t>, call: Node<'t>, ctx: &Ctx<'_, 't>) -> Option<Node<'t>> {
    let value = match query.kind() {
        "string" | "concatenated_string" => return Some(query),
        "identifier" => {
            let name = ctx.slice(query);
            let value = ctx.resolver.assigned_value(&name, query)?;
            let scope = enclosing_def(call);
            if enclosing_def(value) != scope || assignments(scope.unwrap_or(root(call)), &name, ctx) != 1 {
                return None;
            }
            value
        }
        _ => return None,
    };
    matches!(value.kind(), "string" | "concatenated_string").then_some(value)
}

fn enclosing_def(node: Node<'_>) -> Option<Node<'_>> {
    let mut up = node.parent();
    while let Some(n) = up {
        if n.kind() == "function_definition" {
            return Some(n);
        }
        up = n.parent();
    }
    None
}

fn root(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    while let Some(p) = n.parent() {
        n = p;
    }
    n
}

/// How many times `name` is assigned (or augmented: `sql += ...`) in `scope`'s own code, not in
/// the defs nested in it.
fn assignments(scope: Node<'_>, name: &str, ctx: &Ctx<'_, '_>) -> usize {
    let mut count = 0;
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "assignment" | "augmented_assignment")
            && n.child_by_field_name("left").is_some_and(|l| l.kind() == "identifier" && ctx.slice(l) == name)
        {
            count += 1;
        }
        if n.kind() == "function_definition" && n.id() != scope.id() {
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    count
}

/// The SQL a literal holds, byte for byte at the literal's offsets; `None` when part of it is
/// computed (an f-string placeholder).
fn sql_text(literal: Node<'_>, text: Text<'_>) -> Option<String> {
    let pieces: Vec<Node<'_>> = match literal.kind() {
        "string" => vec![literal],
        _ => {
            let mut c = literal.walk();
            let pieces = literal.named_children(&mut c).filter(|n| n.kind() == "string").collect();
            pieces
        }
    };
    let base = literal.start_byte();
    let mut out = vec![b' '; literal.end_byte() - base];
    for piece in pieces {
        let mut c = piece.walk();
        for part in piece.named_children(&mut c) {
            match part.kind() {
                "interpolation" => return None,
                "string_content" => {
                    let r = part.byte_range();
                    out[r.start - base..r.end - base].copy_from_slice(text.slice(r).as_bytes());
                    let mut e = part.walk();
                    for escape in part.named_children(&mut e) {
                        let r = escape.start_byte() - base..escape.end_byte() - base;
                        let was = out[r.clone()].to_vec();
                        out[r.clone()].fill(b' ');
                        // What the escape stands for, where it matters to SQL: a quote, a line
                        // break (which ends a `--` comment), a brace in an f-string.
                        match was.as_slice() {
                            [b'\\', q @ (b'\'' | b'"')] => out[r.start + 1] = *q,
                            [b'\\', b'n'] => out[r.start + 1] = b'\n',
                            [b'{', b'{'] => out[r.start] = b'{',
                            [b'}', b'}'] => out[r.start] = b'}',
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    placeholders(&mut out);
    // Only whole characters were copied, and everything else is ASCII.
    String::from_utf8(out).ok()
}

/// DB-API and SQLAlchemy placeholders as the grammar's `?`, padded with spaces: `%s`,
/// `%(name)s`, `:name` (not `::type`, not `:=`).
fn placeholders(sql: &mut [u8]) {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < sql.len() {
        let end = match sql[i] {
            b'%' => match sql.get(i + 1) {
                Some(b'%') => {
                    i += 2;
                    continue;
                }
                Some(b's' | b'd' | b'b') => Some(i + 2),
                Some(b'(') => sql[i..]
                    .iter()
                    .position(|&b| b == b')')
                    .filter(|&close| sql.get(i + close + 1) == Some(&b's'))
                    .map(|close| i + close + 2),
                _ => None,
            },
            b':' if (i == 0 || (!word(sql[i - 1]) && sql[i - 1] != b':'))
                && sql.get(i + 1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_') =>
            {
                Some(i + 1 + sql[i + 1..].iter().take_while(|&&b| word(b)).count())
            }
            _ => None,
        };
        match end {
            Some(end) => {
                sql[i] = b'?';
                sql[i + 1..end].fill(b' ');
                i = end;
            }
            None => i += 1,
        }
    }
}

/// Whether the text starts, after blanks and comments, with a word SQL statements start with:
/// a string that merely reaches `execute` (a shell command, a name) is not SQL.
fn starts_like_sql(sql: &str) -> bool {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--") {
            rest = r.split_once('\n').map_or("", |(_, after)| after).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after).trim_start();
        } else {
            break;
        }
    }
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    const STARTS: &[&str] = &[
        "select",
        "with",
        "insert",
        "update",
        "delete",
        "merge",
        "create",
        "alter",
        "drop",
        "truncate",
        "begin",
        "start",
        "commit",
        "rollback",
        "savepoint",
        "set",
        "explain",
        "analyze",
        "vacuum",
        "lock",
        "values",
        "grant",
        "revoke",
        "declare",
        "refresh",
        "copy",
    ];
    STARTS.contains(&word.as_str())
}

/// The SQL rules' findings in the statements the grammar read without an error.
fn findings_in(sql: &str) -> Vec<Finding> {
    let Some(tree) = parse_as(Grammar::Sql, sql) else { return Vec::new() };
    let root = tree.root_node();
    let mut c = root.walk();
    let broken: Vec<Range<usize>> =
        root.children(&mut c).filter(|s| s.is_error() || s.has_error()).map(|s| s.byte_range()).collect();
    let analysis = analyze_as(Lang::Sql, &tree, Text::Str(sql));
    analysis
        .findings
        .into_iter()
        .filter(|f| !broken.iter().any(|b| b.start <= f.range.start && f.range.start < b.end.max(b.start + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql_of(python: &str) -> Option<String> {
        let tree = crate::document::parse_str(python).unwrap();
        let mut node = tree.root_node();
        while !matches!(node.kind(), "string" | "concatenated_string") {
            node = node.named_child(0)?;
        }
        sql_text(node, Text::Str(python))
    }

    #[test]
    fn the_sql_keeps_every_byte_at_its_offset() {
        assert_eq!(sql_of(r#""SELECT * FROM t WHERE id = %s""#).unwrap(), r#" SELECT * FROM t WHERE id = ?  "#);
        assert_eq!(sql_of(r#"("SELECT a " "FROM t")"#).unwrap(), r#" SELECT a    FROM t "#);
        assert_eq!(sql_of(r#""SELECT 'it\'s'\nFROM t""#).unwrap(), " SELECT 'it 's' \nFROM t ");
        assert_eq!(sql_of(r#"r"""SELECT a::text, :name FROM t""""#).unwrap(), "    SELECT a::text, ?     FROM t   ");
        assert_eq!(sql_of(r#""x = %(user_id)s AND y LIKE 'a%%'""#).unwrap(), " x = ?           AND y LIKE 'a%%' ");
        assert_eq!(sql_of(r#"f"SELECT {cols} FROM t""#), None);
    }

    #[test]
    fn only_what_starts_like_a_statement_is_sql() {
        assert!(starts_like_sql("  -- report\n  /* x */ select 1"));
        assert!(starts_like_sql("\n  WITH a AS (SELECT 1) SELECT * FROM a"));
        assert!(!starts_like_sql("ls -la"));
        assert!(!starts_like_sql("selection"));
    }
}
