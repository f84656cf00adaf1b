-- Move dead letters back into their queue as fresh messages (attempts reset, ready now), keeping
-- their ids so that ordering keys keep their original order. Parameters: queue, ids (null: all).
WITH moved AS (
    DELETE FROM {{schema}}.dead_letters
    WHERE queue = ? AND (?::bigint[] IS NULL OR id = ANY (?::bigint[]))
    RETURNING *
)
INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key)
SELECT id, priority, now(), enqueued_at, 0, payload, ordering_key, dedupe_key, idempotency_key
FROM moved
RETURNING id
