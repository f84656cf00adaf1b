-- Retention dropped events this subscription had not read (drop_unconsumed streams): recorded, in
-- the transaction that drops them, so lag and stats show it instead of silently skipping.
UPDATE {{schema}}.stream_subscriptions
SET lost_total = lost_total + ?, last_lost_at = now()
WHERE stream = ? AND name = ?
