-- Replaces a queue's global limits (null: none). A rate change resets the bucket to full at the
-- new burst, so a lowered burst holds from the next claim on.
-- Parameters: max concurrent batches, rate limit, rate burst, queue name.
WITH updated AS (
    UPDATE {{schema}}.queues SET max_concurrent_batches = ?, rate_limit = ?, rate_burst = ?
    WHERE name = ?
    RETURNING name, rate_limit, rate_burst
), bucket AS (
    DELETE FROM {{schema}}.rate_buckets b USING updated u WHERE b.queue = u.name
)
SELECT 1 FROM updated
