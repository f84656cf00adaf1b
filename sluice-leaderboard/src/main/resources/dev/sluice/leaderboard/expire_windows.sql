-- Drop aggregate rows of one window older than its retention, a bounded slice per call.
-- Parameters: window, cutoff, limit.
DELETE FROM {{schema}}.leaderboard_scores
WHERE (window_name, window_start, player_id) IN (
    SELECT window_name, window_start, player_id FROM {{schema}}.leaderboard_scores
    WHERE window_name = ? AND window_start < ? LIMIT ?)
