-- name: version_insert
-- Old pipeline, write 2 of 3 for one record.
INSERT INTO {{schema}}.product_versions (product_id, version, revision, snapshot)
VALUES (?, ?, ?, ?::jsonb)
