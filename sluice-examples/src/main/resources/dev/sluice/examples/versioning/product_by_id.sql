-- name: product_by_id
-- Product service, single read (the old pipeline's per-record call).
SELECT id, owner_id, name, price, attributes::text, eligible, revision, versioned_revision, current_version
FROM {{schema}}.products
WHERE id = ?
