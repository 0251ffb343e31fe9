-- Monthly revenue per customer segment, with each customer's rank in their segment.
WITH monthly AS (
    SELECT c.segment,
           c.id AS customer_id,
           date_trunc('month', o.created_at) AS month,
           sum(oi.quantity * oi.unit_price) AS revenue
    FROM customers c
    JOIN orders o ON o.customer_id = c.id
    JOIN order_items oi ON oi.order_id = o.id
    WHERE o.status = 'paid'
    GROUP BY c.segment, c.id, date_trunc('month', o.created_at)
)
SELECT segment, customer_id, month, revenue,
       rank() OVER (PARTITION BY segment, month ORDER BY revenue DESC) AS segment_rank
FROM monthly;

-- Customers with at least three paid orders in the last quarter.
SELECT c.id, c.email, count(*) AS paid_orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'paid'
WHERE o.created_at >= now() - interval '3 months'
GROUP BY c.id, c.email
HAVING count(*) >= 3;

-- Products never ordered. order_items.product_id is nullable (deleted products).
SELECT id, name FROM products
WHERE id NOT IN (SELECT product_id FROM order_items);

-- The support dashboard's "latest orders" query.
SELECT * FROM orders ORDER BY created_at DESC LIMIT 50;

EXPLAIN ANALYZE
SELECT o.id, o.total FROM orders o WHERE o.customer_id = 42 ORDER BY o.created_at DESC LIMIT 20;
