-- The k players just ahead of a position, nearest first.
SELECT player_id, best, total, events, reached_at
FROM {{schema}}.leaderboard_scores
WHERE window_name = ? AND window_start = ?
  AND (best > ? OR (best = ? AND (reached_at < ? OR (reached_at = ? AND player_id < ?))))
ORDER BY best, reached_at DESC, player_id DESC
LIMIT ?
