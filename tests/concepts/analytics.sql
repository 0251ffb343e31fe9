-- concepts: sql-join, sql-group-by, sql-window-function, sql-cte, db-index, transaction, sql-explain, sql-select-star, sql-write-without-where, sql-not-in-null
-- Words that name SQL features inside identifiers, strings and comments are not the features.
SELECT join_date, group_name, over_limit, with_tax FROM accounts;
--     ^^^^^^^^^ !sql-join
--                ^^^^^^^^^^ !sql-group-by
--                            ^^^^^^^^^^ !sql-window-function
--                                        ^^^^^^^^ !sql-cte
SELECT 'LEFT JOIN' AS label, 'GROUP BY' AS other, 'WITH x AS' AS third FROM dual;
--           ^^^^ !sql-join
--                            ^^^^^^^^ !sql-group-by
--                                                      ^^^^ !sql-cte
-- SELECT * FROM orders OVER nothing; EXPLAIN nothing.
--        ^ !sql-select-star
--                      ^^^^ !sql-window-function
--                                    ^^^^^^^ !sql-explain
WITH RECURSIVE tree AS (
--             ^^^^ sql-cte
  SELECT id, parent_id FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id FROM categories c JOIN tree t ON c.parent_id = t.id
--                                           ^^^^ sql-join
)
SELECT count(*), avg(price) OVER () FROM tree JOIN products USING (id) GROUP BY tree.id;
--                          ^^^^ sql-window-function
--                                                                     ^^^^^ sql-group-by
--                                            ^^^^ sql-join
SELECT p.*, c.name FROM products p JOIN categories c ON c.id = p.category_id;
--     ^^^ sql-select-star
--                                 ^^^^ sql-join
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM orders;
-- <- sql-explain
DELETE FROM carts WHERE id NOT IN (SELECT cart_id FROM orders);
-- <- !sql-write-without-where
--                         ^^^^^^ sql-not-in-null
