//! SQL checks that need more than one node: `SELECT *` where the columns are the result (not
//! `count(*)`, not inside `EXISTS`, a CTE or a subquery, not `RETURNING *`, not over CTEs that
//! name their columns), `UPDATE`/`DELETE`
//! with no `WHERE`, and `NOT IN` over a subquery that does not exclude NULLs.

use tree_sitter::Node;

use crate::concepts::Ctx;

fn child<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut c = node.walk();
    let found = node.children(&mut c).find(|n| n.kind() == kind);
    found
}

/// `*` (or `t.*`) as a column of the select list whose rows the statement returns. Inside a
/// CTE or a subquery the enclosing query picks the columns; `RETURNING *` hands back the row
/// just written (in PL/pgSQL, typically `INTO` a variable of the table's row type).
pub fn select_star<'t>(star: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    let list = star.parent().filter(|t| t.kind() == "term").and_then(|t| t.parent());
    let in_select_list = list.is_some_and(|s| s.kind() == "select_expression")
        && list.and_then(|s| s.parent()).is_none_or(|p| p.kind() != "returning");
    let mut up = star.parent();
    while let Some(n) = up {
        if matches!(n.kind(), "exists" | "cte" | "subquery") {
            return;
        }
        up = n.parent();
    }
    let statement = list.and_then(|s| s.parent()).and_then(|s| s.parent()).filter(|s| s.kind() == "statement");
    if in_select_list && !statement.is_some_and(|s| only_spelled_out_ctes(s, ctx)) {
        ctx.report_id("sql-select-star", star.byte_range());
    }
}

/// Whether every relation the statement selects from is one of its own CTEs, each naming its
/// columns (no `*` of its own): a star over them returns exactly the columns the statement
/// spells out, so no table's schema leaks into the result.
fn only_spelled_out_ctes(statement: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    let mut c = statement.walk();
    let mut ctes = Vec::new();
    for cte in statement.children(&mut c).filter(|n| n.kind() == "cte") {
        let Some(name) = child(cte, "identifier") else { return false };
        if has_select_star(cte) {
            return false;
        }
        ctes.push(ctx.slice(name).to_ascii_lowercase());
    }
    let Some(from) = child(statement, "from") else { return false };
    let mut relations = Vec::new();
    let mut c = from.walk();
    for n in from.children(&mut c) {
        match n.kind() {
            "relation" => relations.push(n),
            "join" | "cross_join" | "lateral_join" => relations.extend(child(n, "relation")),
            _ => {}
        }
    }
    !relations.is_empty()
        && relations.iter().all(|r| {
            child(*r, "object_reference")
                .and_then(|o| o.child_by_field_name("name"))
                .is_some_and(|name| ctes.contains(&ctx.slice(name).to_ascii_lowercase()))
        })
}

/// A `*` column in any select list under the node (`count(*)` is not one).
fn has_select_star(node: Node<'_>) -> bool {
    let is_star = |n: Node<'_>| {
        n.kind() == "all_fields"
            && n.parent()
                .filter(|t| t.kind() == "term")
                .and_then(|t| t.parent())
                .is_some_and(|s| s.kind() == "select_expression")
    };
    let mut c = node.walk();
    let found = node.children(&mut c).any(|n| is_star(n) || has_select_star(n));
    found
}

/// A statement that updates or deletes every row. PostgreSQL's `UPDATE ... FROM ... WHERE`
/// keeps its `WHERE` in the `FROM` clause. A statement the grammar does not fully parse
/// (`DELETE ... USING ...`: the statement ends where the grammar stops, inside an error) may
/// have its `WHERE` in the part it could not read, so it is left alone.
pub fn write_without_where<'t>(statement: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    if statement.has_error() || statement.parent().is_some_and(|p| p.is_error()) {
        return;
    }
    if let Some(update) = child(statement, "update") {
        let from_where = child(update, "from").is_some_and(|f| child(f, "where").is_some());
        if child(update, "where").is_none() && child(statement, "where").is_none() && !from_where {
            let at = child(update, "keyword_update").unwrap_or(update);
            ctx.report_id("sql-write-without-where", at.byte_range());
        }
    }
    if let Some(delete) = child(statement, "delete") {
        let from = child(statement, "from");
        let filtered = child(statement, "where").is_some() || from.is_some_and(|f| child(f, "where").is_some());
        if !filtered {
            let at = child(delete, "keyword_delete").unwrap_or(delete);
            ctx.report_id("sql-write-without-where", at.byte_range());
        }
    }
}

/// `x NOT IN (SELECT y ...)`: one NULL among the `y`s makes the condition unknown for every row,
/// so the query returns nothing. A subquery that says `y IS NOT NULL` is safe.
pub fn not_in<'t>(op: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    let Some(expr) = op.parent().filter(|p| p.kind() == "binary_expression") else { return };
    let Some(right) = expr.child_by_field_name("right") else { return };
    let subquery = match right.kind() {
        "subquery" => Some(right),
        "parenthesized_expression" => child(right, "subquery"),
        _ => None,
    };
    let Some(subquery) = subquery else { return };
    static IS_NOT_NULL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let is_not_null = super::regex(&IS_NOT_NULL, r"(?i)\bis\s+not\s+null\b");
    let excludes_null = is_not_null.is_match(&ctx.slice(subquery));
    if !excludes_null {
        ctx.report_id("sql-not-in-null", op.byte_range());
    }
}
