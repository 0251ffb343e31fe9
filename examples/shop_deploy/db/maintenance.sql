-- Nightly maintenance, run by the ops cron job.
BEGIN;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;

CREATE INDEX IF NOT EXISTS orders_customer_created_idx ON orders (customer_id, created_at DESC);
CREATE INDEX IF NOT EXISTS order_items_product_idx ON order_items (product_id);

UPDATE carts SET abandoned = true WHERE updated_at < now() - interval '7 days';
DELETE FROM sessions WHERE expire_date < now();

-- Reset the promotion flag after the campaign.
UPDATE products SET on_promotion = false;

COMMIT;
