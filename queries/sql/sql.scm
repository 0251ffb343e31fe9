; SQL concepts: each on the keyword that says it.

(join (keyword_join) @sql-join)
(cross_join (keyword_join) @sql-join)
(lateral_join (keyword_join) @sql-join)

(group_by (keyword_group) @sql-group-by)
(group_by (keyword_having) @sql-group-by)

(window_function (keyword_over) @sql-window-function)

(cte . (identifier) @sql-cte)

(create_index (keyword_index) @db-index)

(transaction (keyword_begin) @transaction)
; `SET TRANSACTION ISOLATION LEVEL ...` parses as an error in this grammar; the keyword is only
; ever used for isolation levels.
(keyword_isolation) @transaction

(statement (keyword_explain) @sql-explain)

; Pitfalls that need a look around (`infra/sql.rs`).
((all_fields) @_node
  (#set! check "sql-select-star"))
((statement) @_node
  (#set! check "sql-write-without-where"))
((not_in) @_node
  (#set! check "sql-not-in"))
