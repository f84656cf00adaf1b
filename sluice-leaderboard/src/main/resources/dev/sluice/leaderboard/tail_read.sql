-- The inbox events of the transactions with txid in [position, cut), for the in-memory standings
-- (Tailer). cut is at most the xmin of a snapshot taken in an earlier statement, so every one of
-- these transactions has ended and this statement's snapshot sees exactly the committed ones: read
-- once, never again (the position moves to cut), none skipped by a late commit (V005's invariant).
-- Rows from before migration 5 carry no player: they were folded into the checkpoint by then.
-- Parameters: position, cut.
SELECT txid::text::bigint, player_id, score, (extract(epoch FROM ts) * 1000000)::bigint
FROM {{schema}}.score_event_ids
WHERE txid >= ?::xid8 AND txid < ?::xid8 AND player_id IS NOT NULL
