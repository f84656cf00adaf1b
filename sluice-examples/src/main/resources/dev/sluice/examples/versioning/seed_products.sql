-- name: seed_products
-- Products (? first id) .. (? last id), owned round-robin by the ? users. Seeded rows are at
-- revision 0 and versioned_revision 0: imported, never changed, nothing to version.
INSERT INTO {{schema}}.products (id, owner_id, name, price, attributes, eligible, revision, versioned_revision, current_version)
SELECT g,
       1 + (g % ?::bigint),
       'product ' || g,
       round((1 + (g % 10000)) / 7.0, 2),
       jsonb_build_object('colour', (ARRAY['red', 'green', 'blue', 'black'])[1 + g % 4], 'size', g % 50, 'sku', 'SKU-' || g),
       true, 0, 0, 0
FROM generate_series(?::bigint, ?::bigint) AS g
