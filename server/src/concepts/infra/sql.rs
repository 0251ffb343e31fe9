//! SQL checks that need more than one node: `SELECT *` where the columns are the result (not
//! `count(*)`, not inside `EXISTS`, a CTE or a subquery, not `RETURNING *`), `UPDATE`/`DELETE`
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
    if in_select_list {
        ctx.report_id("sql-select-star", star.byte_range());
    }
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
