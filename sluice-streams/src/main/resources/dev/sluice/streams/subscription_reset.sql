-- Replay (backwards) or skip (forwards). Waits for an in-flight batch of the subscription: the
-- caller holds the subscription's advisory lock first (subscription_lock_wait.sql).
UPDATE {{schema}}.stream_subscriptions
SET position_txid = ?::xid8, position_id = ?, updated_at = now()
WHERE stream = ? AND name = ?
