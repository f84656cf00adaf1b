-- An exact read's events (Tailer.exact, max alone), and the snapshot they were read in: every event
-- this statement's snapshot sees of the transactions not read yet, so every transaction committed
-- before it, including those that committed above an older one still open (the tail, cut at xmin,
-- reads them only once that one ends). Not read yet: those at or above the previous exact read's
-- xmax (or the tail position, if past it), and those in progress in its snapshot; two index ranges
-- on txid, so the cost is the new events, not the tail's backlog. The row without a txid carries the
-- snapshot ('xmin:xmax:xip,...'), the one every part of the statement sees; the caller keeps its
-- xmax and in-progress ids for the next read, and the events it read until the tail reaches them.
-- Parameters: from (the previous xmax, or the position), the previous in-progress ids (text[]).
SELECT NULL::bigint, NULL::text, NULL::bigint, NULL::bigint, pg_current_snapshot()::text
UNION ALL
SELECT txid::text::bigint, player_id, score, (extract(epoch FROM ts) * 1000000)::bigint, NULL
FROM {{schema}}.score_event_ids
WHERE txid >= ?::xid8 AND player_id IS NOT NULL
UNION ALL
SELECT txid::text::bigint, player_id, score, (extract(epoch FROM ts) * 1000000)::bigint, NULL
FROM {{schema}}.score_event_ids
WHERE txid = ANY (?::text[]::xid8[]) AND player_id IS NOT NULL
