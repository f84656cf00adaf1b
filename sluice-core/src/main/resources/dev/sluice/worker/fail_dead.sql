-- Move a message that failed its last allowed attempt to the dead letters, with its last error.
-- Parameters: priority, id, error text.
WITH target AS (
    SELECT priority, id FROM {{table}} WHERE priority = ?::smallint AND id = ? FOR UPDATE SKIP LOCKED
), moved AS (
    DELETE FROM {{table}} q USING target t
    WHERE q.priority = t.priority AND q.id = t.id
    RETURNING q.*
)
INSERT INTO {{schema}}.dead_letters (id, queue, priority, payload, ordering_key, dedupe_key, idempotency_key, attempts, enqueued_at, last_error)
SELECT id, {{queue_literal}}, priority, payload, ordering_key, dedupe_key, idempotency_key, attempts + 1, enqueued_at, ?
FROM moved
