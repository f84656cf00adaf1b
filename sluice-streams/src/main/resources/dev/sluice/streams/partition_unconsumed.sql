-- Per subscription, how many events of one partition it has not consumed yet: those after its
-- position in delivery order. An index range scan on (txid, id) of the partition.
SELECT s.name, (SELECT count(*) FROM {{partition}} e WHERE (e.txid, e.id) > (s.position_txid, s.position_id)) AS unconsumed
FROM {{schema}}.stream_subscriptions s
WHERE s.stream = ?
