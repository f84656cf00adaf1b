-- Remove aborted-delivery records whose message is gone from the queue (ready, scheduled and leased)
-- for an hour. A batch folds and removes its messages' records itself (worker/aborted_forget.sql);
-- what is left here is a message that was acknowledged without being seen as a suspect (its row was
-- rewritten between the abort and the next claim, by trigger capture say), which only costs a row.
DELETE FROM {{schema}}.aborted_deliveries a
WHERE a.queue = {{queue_literal}}
  AND a.recorded_at < now() - interval '1 hour'
  AND NOT EXISTS (SELECT 1 FROM {{table}} q WHERE q.id = a.id)
  AND NOT EXISTS (SELECT 1 FROM {{scheduled}} s WHERE s.id = a.id)
  AND NOT EXISTS (SELECT 1 FROM {{schema}}.leases l WHERE l.queue = {{queue_literal}} AND l.id = a.id)
