-- name: product_mark_versioned
-- Old pipeline, write 1 of 3 for one record (same optimistic check as the batch statement).
UPDATE {{schema}}.products
SET current_version = ?, versioned_revision = ?
WHERE id = ? AND current_version = ? AND versioned_revision < ?
