-- name: products_by_ids
-- Product service, bulk read: one round trip for a whole batch.
SELECT id, owner_id, name, price, attributes::text, eligible, revision, versioned_revision, current_version
FROM {{schema}}.products
WHERE id = ANY (?::bigint[])
