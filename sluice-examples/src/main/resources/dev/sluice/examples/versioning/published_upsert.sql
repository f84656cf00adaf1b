-- name: published_upsert
-- Batch write 3 of 3: one published row per product, holding its latest version.
INSERT INTO {{schema}}.published_products AS pp (product_id, version, data)
SELECT w.id, w.version, w.data::jsonb
FROM unnest(?::bigint[], ?::int[], ?::text[]) AS w (id, version, data)
ON CONFLICT (product_id) DO UPDATE
SET version = EXCLUDED.version, data = EXCLUDED.data, published_at = now()
WHERE pp.version < EXCLUDED.version
