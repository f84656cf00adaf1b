-- Ingest a batch of already validated events: a durable append, one multi-row INSERT. The primary key
-- is the idempotency check: an id already there (or earlier in the same batch) inserts nothing, and
-- only new ids come back. Rows go in id order (then input order, so a repeated id counts its first
-- occurrence): concurrent retries of overlapping batches wait on each other's ids in one order
-- instead of deadlocking (input order could: A then B against B then A). Each row carries its
-- transaction's id (column default), which the fold position is cut at (V005); windows, rank counts
-- and the archive are folded from these rows afterwards (fold.sql).
-- Parameters: event ids, player ids, scores, timestamps, payloads (JSON as text).
INSERT INTO {{schema}}.score_event_ids (event_id, player_id, score, ts, payload)
SELECT e.event_id, e.player_id, e.score, e.ts, e.payload
FROM unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[]) WITH ORDINALITY AS e(event_id, player_id, score, ts, payload, n)
ORDER BY e.event_id, e.n
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id
