-- Where a bounded tail read stops: the txid of the first event past the first ? events at or above the
-- position and below the snapshot's xmin (an index-only range on txid). The tail takes the events
-- below it, so whole transactions, never part of one. No row: everything up to xmin fits.
-- Parameters: position, xmin, events per read.
SELECT txid::text FROM {{schema}}.score_event_ids
WHERE txid >= ?::xid8 AND txid < ?::xid8
ORDER BY txid
OFFSET ? LIMIT 1
