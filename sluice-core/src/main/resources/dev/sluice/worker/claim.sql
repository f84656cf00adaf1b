-- Claim and remove up to N ready messages in one statement, inside the worker's transaction. The
-- rows stay locked (and, to everyone else, present) until the transaction ends: commit acknowledges
-- them together with whatever the handler wrote, rollback puts them back.
-- The scan starts after (priority, id) = (?, ?): past messages this process already knows are done,
-- so dead rows a held-back VACUUM cannot remove are not walked again on every claim.
-- A message with an ordering key waits while an earlier message with the same key is still here
-- (pending or in flight). A paused queue yields nothing: checked here, exactly, at no extra round trip.
WITH claimed AS (
    SELECT q.priority, q.id
    FROM {{table}} q
    WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.queues p WHERE p.name = {{queue_literal}} AND p.paused)
      AND (q.priority, q.id) > (?::smallint, ?::bigint)
      AND q.run_at <= now()
      AND (q.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM {{table}} e WHERE e.ordering_key = q.ordering_key AND e.id < q.id))
    ORDER BY q.priority, q.id
    LIMIT ?
    FOR UPDATE SKIP LOCKED
)
DELETE FROM {{table}} d
USING claimed c
WHERE d.priority = c.priority AND d.id = c.id
RETURNING d.id, d.priority, d.payload::text, d.attempts, d.enqueued_at, d.run_at, d.ordering_key, d.dedupe_key, d.idempotency_key
