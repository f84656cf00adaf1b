INSERT INTO {{schema}}.stream_subscriptions (stream, name, position_txid, position_id)
VALUES (?, ?, ?::xid8, ?)
ON CONFLICT (stream, name) DO NOTHING
