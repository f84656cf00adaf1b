-- name: versions_insert
-- Batch write 2 of 3: the new versions, one statement for the batch.
INSERT INTO {{schema}}.product_versions (product_id, version, revision, snapshot)
SELECT w.id, w.version, w.revision, w.snapshot::jsonb
FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[]) AS w (id, version, revision, snapshot)
