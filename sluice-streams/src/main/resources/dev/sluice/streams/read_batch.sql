-- The next events after a subscription's position, in delivery order: an index range scan on
-- (txid, id) in every partition, merged. The caller delivers only the leading run of rows with
-- txid < xmin of a snapshot taken BEFORE this statement (see the invariant in
-- migrations/V001__streams.sql); rows at or above it are from transactions that may still have
-- company below them, and are read again later. The snapshot is taken first, in its own statement,
-- while the consumer's transaction has no xid yet.
-- ORDER BY names the table's columns (e.txid): an unqualified "txid" would sort by the text output
-- column, and "1001" < "900" as text.
SELECT e.id, e.txid::text AS txid_text, e.key, e.payload::text, e.appended_at
FROM {{table}} e
WHERE (e.txid, e.id) > (?::xid8, ?)
ORDER BY e.txid, e.id
LIMIT ?
