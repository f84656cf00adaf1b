-- Forget keys older than the window whose message is no longer pending (neither ready nor
-- scheduled nor leased). Parameters: window seconds.
DELETE FROM {{schema}}.idempotency_keys k
WHERE k.queue = {{queue_literal}}
  AND k.created_at < now() - make_interval(secs => ?)
  AND NOT EXISTS (SELECT 1 FROM {{table}} q WHERE q.idempotency_key = k.key AND q.id = k.message_id)
  AND NOT EXISTS (SELECT 1 FROM {{scheduled}} s WHERE s.idempotency_key = k.key AND s.id = k.message_id)
  AND NOT EXISTS (SELECT 1 FROM {{schema}}.leases l WHERE l.queue = k.queue AND l.id = k.message_id)
