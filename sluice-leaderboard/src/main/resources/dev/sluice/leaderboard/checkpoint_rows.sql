-- Writes the checkpointed players changed since the last checkpoint, coalesced: one row per window
-- instance and player however many events changed it, one statement for all windows. The values are
-- the in-memory aggregates at the new position (absolute, not deltas), so writing a row again is
-- harmless. Parameters: window names, starts, players, bests, reached times, totals, counts.
INSERT INTO {{schema}}.leaderboard_scores AS s (window_name, window_start, player_id, best, reached_at, total, events)
SELECT r.window_name, r.window_start, r.player_id, r.best, r.reached_at, r.total, r.events
FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::timestamptz[], ?::numeric[], ?::bigint[])
     AS r(window_name, window_start, player_id, best, reached_at, total, events)
ORDER BY 1, 2, 3
ON CONFLICT (window_name, window_start, player_id) DO UPDATE
    SET best = excluded.best, reached_at = excluded.reached_at, total = excluded.total, events = excluded.events
