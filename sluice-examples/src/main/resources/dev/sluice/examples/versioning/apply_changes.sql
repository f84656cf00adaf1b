-- name: apply_changes
-- The workload: an eligible change (new price and a bumped attribute) to each of the given products,
-- as an application would write them. The products_revision trigger marks each one as changed.
UPDATE {{schema}}.products
SET price = price + 1,
    attributes = attributes || jsonb_build_object('edits', coalesce((attributes ->> 'edits')::int, 0) + 1)
WHERE id = ANY (?::bigint[])
