SELECT player_id, best, total, events, reached_at
FROM {{schema}}.leaderboard_scores
WHERE window_name = ? AND window_start = ? AND player_id = ?
