-- name: versions_write
-- New pipeline, the one write of a batch: for each planned version, move the product to it, insert
-- the version and upsert the published row, in one statement (one round trip). Returns one row:
-- the ids of the products that moved. Parameters: ids, versions, revisions, snapshots, and
-- whether every planned product must move (versions_moved in schema_constraints.sql fails the
-- statement otherwise: the worker sends a COMMIT behind it, Batch.commitWith).
-- Invariants:
--  * locked: the batch's products are locked in id order before any is updated, so two workers
--    whose batches share products (a product changed again while its first change was in flight)
--    take turns in the same order and cannot deadlock. MATERIALIZED keeps the locking scan whole,
--    and the count of it in moved's WHERE is an uncorrelated subquery: an init plan, run once and
--    to the end (every row locked) before the first product is updated. (Joining locked instead
--    made the planner, which expects one row from the unnest, rescan the CTE per product: 150 x 150
--    comparisons, half the statement's time on PostgreSQL 15.)
--  * moved: a product moves to version n only from version n - 1 and only to a newer revision
--    (optimistic check against the state the plan was read from: under READ COMMITTED a row
--    updated meanwhile is rechecked on its latest version). Only moved rows are written below, so
--    a stale plan writes nothing, and the caller re-plans the ids that did not move.
--  * versions and published see only moved rows, so the three tables change together or not at all.
--  * each snapshot is parsed into jsonb once (in w, which is referenced twice and so materialized)
--    and the same value goes into both tables.
WITH w AS (
    SELECT u.id, u.version, u.revision, u.snapshot::jsonb AS snapshot
    FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[]) AS u (id, version, revision, snapshot)
), locked AS MATERIALIZED (
    SELECT p.id
    FROM {{schema}}.products p
    WHERE p.id IN (SELECT id FROM w)
    ORDER BY p.id
    FOR NO KEY UPDATE
), moved AS (
    UPDATE {{schema}}.products p
    SET current_version = w.version, versioned_revision = w.revision
    FROM w
    WHERE p.id = w.id
      AND (SELECT count(*) FROM locked) > 0
      AND p.current_version = w.version - 1
      AND p.versioned_revision < w.revision
    RETURNING p.id, w.version, w.revision, w.snapshot
), versions AS (
    INSERT INTO {{schema}}.product_versions (product_id, version, revision, snapshot)
    SELECT id, version, revision, snapshot
    FROM moved
), published AS (
    INSERT INTO {{schema}}.published_products AS pp (product_id, version, data)
    SELECT id, version, snapshot
    FROM moved
    ON CONFLICT (product_id) DO UPDATE
    SET version = EXCLUDED.version, data = EXCLUDED.data, published_at = now()
    WHERE pp.version < EXCLUDED.version
)
SELECT {{schema}}.versions_moved(?, (SELECT count(*) FROM w), ARRAY(SELECT id FROM moved))
