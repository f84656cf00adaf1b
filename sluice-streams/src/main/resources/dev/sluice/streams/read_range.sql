-- Debugging reads by event id, committed events only, in id order.
SELECT id, txid::text, key, payload::text, appended_at
FROM {{table}}
WHERE id >= ?
ORDER BY id
LIMIT ?
