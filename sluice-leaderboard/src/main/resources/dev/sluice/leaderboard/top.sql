-- Top N of one window instance, in ranking order. Parameters: window, window start, offset, limit.
SELECT player_id, best, total, events, reached_at
FROM {{schema}}.leaderboard_scores
WHERE window_name = ? AND window_start = ?
ORDER BY best DESC, reached_at, player_id
OFFSET ? LIMIT ?
