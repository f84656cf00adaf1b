-- In the handler's transaction: the batch and the new position commit together or not at all.
UPDATE {{schema}}.stream_subscriptions
SET position_txid = ?::xid8, position_id = ?, consumed_total = consumed_total + ?, updated_at = now()
WHERE stream = ? AND name = ?
