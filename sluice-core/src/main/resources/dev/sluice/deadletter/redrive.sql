-- Move dead letters back into their queue's ready stream as fresh messages (attempts reset, ready
-- now, a fresh seq: after every claim position), keeping their ids. A redriven head of an
-- ordering key therefore runs before any later message of its key that is still pending; messages
-- of its key that already ran while it was dead-lettered stay done (see README, ordering keys).
-- Parameters: queue, ids (null: all).
WITH moved AS (
    DELETE FROM {{schema}}.dead_letters
    WHERE queue = ? AND (?::bigint[] IS NULL OR id = ANY (?::bigint[]))
    RETURNING *
)
INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key)
SELECT id, priority, now(), enqueued_at, 0, payload, ordering_key, dedupe_key, idempotency_key
FROM moved
ORDER BY id
RETURNING id
