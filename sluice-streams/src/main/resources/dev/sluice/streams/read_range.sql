-- Debugging reads by event id, committed events only, in id order.
SELECT e.id, e.txid::text AS txid_text, e.key, e.payload::text, e.appended_at
FROM {{table}} e
WHERE e.id >= ?
ORDER BY e.id
LIMIT ?
