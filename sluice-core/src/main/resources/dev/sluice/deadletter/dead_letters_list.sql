SELECT id, queue, priority, payload::text, ordering_key, attempts, enqueued_at, failed_at, last_error
FROM {{schema}}.dead_letters
WHERE queue = ? AND id > ?
ORDER BY id
LIMIT ?
