-- name: published_upsert_one
-- Old pipeline, write 3 of 3 for one record.
INSERT INTO {{schema}}.published_products AS pp (product_id, version, data)
VALUES (?, ?, ?::jsonb)
ON CONFLICT (product_id) DO UPDATE
SET version = EXCLUDED.version, data = EXCLUDED.data, published_at = now()
WHERE pp.version < EXCLUDED.version
