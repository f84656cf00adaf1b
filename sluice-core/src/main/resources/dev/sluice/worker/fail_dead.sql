-- Move a message that failed its last allowed attempt to the dead letters, inside the batch's
-- transaction. Parameters: id, priority, payload, ordering key, dedupe key, idempotency key,
-- attempts, enqueued_at, error text.
INSERT INTO {{schema}}.dead_letters (id, queue, priority, payload, ordering_key, dedupe_key, idempotency_key, attempts, enqueued_at, last_error)
VALUES (?, {{queue_literal}}, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
