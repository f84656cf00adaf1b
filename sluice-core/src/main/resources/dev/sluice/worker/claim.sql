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
-- The claimed rows are deleted by key lookups (ids are unique, the priorities make them index
-- conditions on (priority, id)), never by a join: the forced generic plan is often cached while the
-- queue is empty, and a join planned then walks the whole partition per claim (merge join from the
-- index start, or a nested loop re-scanning it once per claimed row), dead rows included: seconds
-- per claim once a held snapshot keeps them.
DELETE FROM {{table}} d
WHERE d.priority = ANY (ARRAY(SELECT DISTINCT c.priority FROM claimed c))
  AND d.id = ANY (ARRAY(SELECT c.id FROM claimed c))
RETURNING d.id, d.priority, d.payload::text, d.attempts, d.enqueued_at, d.run_at, d.ordering_key, d.dedupe_key, d.idempotency_key
