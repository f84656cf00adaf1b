-- Lag of every subscription of a stream: events after its position, and the age of the oldest one.
SELECT s.name, s.position_txid::text, s.position_id, s.consumed_total, s.lost_total, s.last_lost_at, s.updated_at,
       (SELECT count(*) FROM {{table}} e WHERE (e.txid, e.id) > (s.position_txid, s.position_id)) AS lag_events,
       (SELECT e.appended_at FROM {{table}} e WHERE (e.txid, e.id) > (s.position_txid, s.position_id)
        ORDER BY e.txid, e.id LIMIT 1) AS oldest_unconsumed
FROM {{schema}}.stream_subscriptions s
WHERE s.stream = ?
ORDER BY s.name
