-- How many players rank ahead of (best, reached_at, player_id): an index range count.
SELECT count(*)
FROM {{schema}}.leaderboard_scores
WHERE window_name = ? AND window_start = ?
  AND (best > ? OR (best = ? AND (reached_at < ? OR (reached_at = ? AND player_id < ?))))
