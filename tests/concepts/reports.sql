-- concepts: sql-join, sql-group-by, sql-window-function, sql-cte, db-index, transaction, sql-explain, sql-select-star, sql-write-without-where, sql-not-in-null
-- Reporting queries for the shop.
SELECT c.id, c.email, count(o.id) AS orders, sum(o.total) AS revenue
--                    ^^^^^ !sql-select-star
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
--   ^^^^ sql-join
WHERE c.created_at >= now() - interval '90 days'
GROUP BY c.id, c.email
-- <- sql-group-by
HAVING count(o.id) > 3;
-- <- sql-group-by

SELECT p.name, s.quantity
FROM products p
JOIN stock s ON s.product_id = p.id
-- <- sql-join
INNER JOIN warehouses w USING (warehouse_id)
--    ^^^^ sql-join
CROSS JOIN currencies;
--    ^^^^ sql-join

WITH recent AS (
--   ^^^^^^ sql-cte
  SELECT customer_id, total, created_at FROM orders WHERE created_at > now() - interval '7 days'
), ranked AS (
-- ^^^^^^ sql-cte
  SELECT customer_id, total,
         row_number() OVER (PARTITION BY customer_id ORDER BY total DESC) AS rn
--                    ^^^^ sql-window-function
  FROM recent
)
SELECT customer_id, total FROM ranked WHERE rn <= 3;

SELECT o.id, sum(o.total) OVER w AS running
--                        ^^^^ sql-window-function
FROM orders o
WINDOW w AS (ORDER BY o.created_at);

SELECT * FROM orders WHERE id = 42;
--     ^ sql-select-star
SELECT o.* FROM orders o WHERE o.status = 'paid';
--     ^^^ sql-select-star
SELECT count(*) FROM orders;
--           ^ !sql-select-star
SELECT id FROM customers c WHERE EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.id);
--                                              ^ !sql-select-star
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders);
--                                ^^^^^^ sql-not-in-null
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL);
--                                ^^^^^^ !sql-not-in-null
SELECT id FROM products WHERE category NOT IN ('gift', 'sample');
--                                     ^^^^^^ !sql-not-in-null
SELECT id FROM products WHERE category_id NOT IN (SELECT parent_id FROM categories);
--                                        ^^^^^^ sql-not-in-null

EXPLAIN ANALYZE SELECT id FROM orders WHERE customer_id = 7;
-- <- sql-explain
EXPLAIN SELECT id FROM products WHERE sku = 'A-1';
-- <- sql-explain
-- EXPLAIN in a comment is not a plan.
-- ^^^^^^^ !sql-explain
