-- name: products_lock
-- New pipeline, first statement of a batch: lock the batch's products in id order, in the worker's
-- transaction. Two workers holding messages for the same product (it changed again while its first
-- change was in flight) then take turns instead of racing, and in a fixed order, so they cannot
-- deadlock. The locks end with the transaction that writes the versions and acknowledges the batch.
SELECT id
FROM {{schema}}.products
WHERE id = ANY (?::bigint[])
ORDER BY id
FOR NO KEY UPDATE
