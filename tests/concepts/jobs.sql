-- concepts: sql-join, sql-group-by, sql-window-function, sql-cte, db-index, transaction, sql-explain, sql-select-star, sql-write-without-where, sql-not-in-null
-- A job queue's writes: the WHERE of UPDATE ... FROM, and stars that the outer query narrows
-- or that hand back the row just written.
WITH candidate AS (
--   ^^^^^^^^^ sql-cte
    SELECT jobs.*
--         ^^^^^^ !sql-select-star
    FROM jobs WHERE status = 'todo' ORDER BY id LIMIT 1
)
UPDATE jobs SET status = 'doing' FROM candidate WHERE jobs.id = candidate.id RETURNING jobs.*;
-- <- !sql-write-without-where
--                                                                                     ^^^^^^ !sql-select-star
UPDATE jobs SET status = 'todo' FROM workers WHERE workers.id = jobs.worker_id AND NOT workers.alive;
-- <- !sql-write-without-where
UPDATE jobs SET status = 'todo' FROM workers;
-- <- sql-write-without-where
UPDATE jobs SET attempts = 0 RETURNING *;
-- <- sql-write-without-where
--                                     ^ !sql-select-star
SELECT id FROM (SELECT * FROM jobs) AS j;
--                     ^ !sql-select-star
SELECT * FROM (SELECT id FROM jobs) AS j;
--     ^ sql-select-star
DELETE FROM periodic USING stale WHERE periodic.id = stale.id;
-- <- !sql-write-without-where
DELETE FROM periodic
-- <- !sql-write-without-where
USING (SELECT id FROM periodic WHERE task = 'x' FOR UPDATE) AS stale
WHERE periodic.id = stale.id;
WITH totals AS (SELECT count(*) AS jobs FROM jobs), busy AS (SELECT count(*) AS workers FROM workers)
--   ^^^^^^ sql-cte
--                                                  ^^^^ sql-cte
SELECT * FROM totals, busy;
--     ^ !sql-select-star
WITH recent AS (SELECT * FROM jobs WHERE created_at > now() - interval '1 day')
--   ^^^^^^ sql-cte
--                     ^ !sql-select-star
SELECT * FROM recent;
--     ^ sql-select-star
WITH totals AS (SELECT count(*) AS jobs FROM jobs)
--   ^^^^^^ sql-cte
SELECT * FROM totals JOIN workers ON true;
--     ^ sql-select-star
--                   ^^^^ sql-join
