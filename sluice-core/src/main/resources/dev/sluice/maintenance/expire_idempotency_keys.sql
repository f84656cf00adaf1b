-- Forget keys older than the window whose message is no longer pending. Parameters: window seconds.
DELETE FROM {{schema}}.idempotency_keys k
WHERE k.queue = {{queue_literal}}
  AND k.created_at < now() - make_interval(secs => ?)
  AND NOT EXISTS (SELECT 1 FROM {{table}} q WHERE q.priority = k.priority AND q.id = k.message_id)
