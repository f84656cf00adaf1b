-- Cheap lag of every subscription of a stream, for metrics scrapes (subscription_lag.sql is the
-- exact one, for stats()). The count stops at the cap (?, first parameter): each subscription costs
-- at most one bounded range scan of the (txid, id) index plus one probe for the oldest unconsumed
-- event. A count equal to the cap means "at least the cap"; the age is exact.
SELECT s.name,
       (SELECT count(*) FROM (SELECT 1 FROM {{table}} e
                              WHERE (e.txid, e.id) > (s.position_txid, s.position_id)
                              LIMIT ?) capped) AS lag_events,
       (SELECT e.appended_at FROM {{table}} e WHERE (e.txid, e.id) > (s.position_txid, s.position_id)
        ORDER BY e.txid, e.id LIMIT 1) AS oldest_unconsumed
FROM {{schema}}.stream_subscriptions s
WHERE s.stream = ?
ORDER BY s.name
