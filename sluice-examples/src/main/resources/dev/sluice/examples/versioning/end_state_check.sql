-- name: end_state_check
-- The demo's check after every run, outside its clock: products still needing a version; products
-- whose current version has no version row; published rows that are not the product's current
-- version. All three must be 0.
SELECT (SELECT count(*) FROM {{schema}}.products WHERE eligible AND revision > versioned_revision),
       (SELECT count(*) FROM {{schema}}.products p
        WHERE p.current_version > 0
          AND NOT EXISTS (SELECT 1 FROM {{schema}}.product_versions v WHERE v.product_id = p.id AND v.version = p.current_version)),
       (SELECT count(*) FROM {{schema}}.products p JOIN {{schema}}.published_products pp ON pp.product_id = p.id
        WHERE pp.version <> p.current_version)
