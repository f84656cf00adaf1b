-- name: settle_tables
-- Before every measured run, outside its clock, for every pipeline alike (with the CHECKPOINT that
-- follows): vacuums and analyses the domain's tables, so that no run meets an autovacuum started by
-- what an earlier run or the warm-up wrote. Without it, autovacuum of product_versions and
-- published_products (thresholds crossed by the warm-up's inserts) ran through the new pipeline's
-- measured 2 s (Debian PostgreSQL 15, 2026-12-02: about 170 of its backend's samples on CPU).
-- Runs in autocommit (VACUUM cannot run in a transaction).
VACUUM (ANALYZE) {{schema}}.users, {{schema}}.products, {{schema}}.product_versions, {{schema}}.published_products
