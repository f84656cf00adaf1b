-- Read after the lock is held: the lock is released only after the previous holder's commit is
-- visible, so this is the position the last batch committed.
SELECT position_txid::text, position_id FROM {{schema}}.stream_subscriptions WHERE stream = ? AND name = ?
