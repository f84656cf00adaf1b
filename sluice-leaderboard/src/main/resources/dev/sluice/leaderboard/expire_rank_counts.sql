-- Rank counts of expired instances of one window whose players are all gone (expire_windows.sql).
-- The cutoff is past both the retention and the allowed lateness (PartitionManager.trim), so no
-- ingest can count a player in these instances any more. Parameters: window, cutoff.
DELETE FROM {{schema}}.leaderboard_rank_counts c
WHERE c.window_name = ? AND c.window_start < ?
  AND NOT EXISTS (SELECT 1 FROM {{schema}}.leaderboard_scores s
                  WHERE s.window_name = c.window_name AND s.window_start = c.window_start)
