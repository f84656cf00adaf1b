-- Claim and remove the given messages, skipping any another worker holds. Used to retry the halves
-- of a failed batch.
WITH claimed AS (
    SELECT q.priority, q.id
    FROM {{table}} q
    WHERE (q.priority, q.id) IN (SELECT * FROM unnest(?::smallint[], ?::bigint[]))
      AND q.run_at <= now()
    FOR UPDATE SKIP LOCKED
)
DELETE FROM {{table}} d
USING claimed c
WHERE d.priority = c.priority AND d.id = c.id
RETURNING d.id, d.priority, d.payload::text, d.attempts, d.enqueued_at, d.run_at, d.ordering_key, d.dedupe_key
