-- concepts: sql-join, sql-group-by, sql-window-function, sql-cte, db-index, transaction, sql-explain, sql-select-star, sql-write-without-where, sql-not-in-null
BEGIN;
-- <- transaction
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
--              ^^^^^^^^^ transaction

CREATE TABLE coupons (id bigserial PRIMARY KEY, code text NOT NULL, used_at timestamptz);
CREATE INDEX coupons_code_idx ON coupons (code);
--     ^^^^^ db-index
CREATE UNIQUE INDEX orders_number_idx ON orders (number);
--            ^^^^^ db-index
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);
--     ^^^^^ db-index

UPDATE products SET price = price * 1.1;
-- <- sql-write-without-where
UPDATE products SET price = price * 1.1 WHERE category_id = 3;
-- <- !sql-write-without-where
DELETE FROM sessions;
-- <- sql-write-without-where
DELETE FROM sessions WHERE expire_date < now();
-- <- !sql-write-without-where
UPDATE coupons SET used_at = now();
-- <- sql-write-without-where
DROP INDEX IF EXISTS old_idx;
--   ^^^^^ !db-index
COMMIT;
-- <- !transaction
