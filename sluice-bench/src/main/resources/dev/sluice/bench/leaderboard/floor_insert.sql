-- The floor's write: one multi-row INSERT per batch, in autocommit (durable: synchronous_commit as the
-- server has it), the rows passed as arrays exactly as the leaderboard's ingest statement gets them.
-- Parameters: event ids, player ids, scores, timestamps.
INSERT INTO bench_floor_events (event_id, player_id, score, ts)
SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[])
