-- name: products_mark_versioned
-- Batch write 1 of 3: move each product to its new version, only if nobody else did since the plan
-- was read (optimistic check on current_version). Returns the ids that moved; the row locks taken
-- here keep any other worker from versioning them until this transaction ends.
UPDATE {{schema}}.products p
SET current_version = w.version, versioned_revision = w.revision
FROM unnest(?::bigint[], ?::int[], ?::bigint[]) AS w (id, version, revision)
WHERE p.id = w.id
  AND p.current_version = w.version - 1
  AND p.versioned_revision < w.revision
RETURNING p.id
