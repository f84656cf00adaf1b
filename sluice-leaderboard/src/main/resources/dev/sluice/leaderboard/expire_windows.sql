-- Drop checkpoint rows of one window older than its retention, a bounded slice per call (memory drops
-- the same instances: Board.expire). Parameters: window, cutoff, limit. Returns the rows dropped.
WITH gone AS (
    DELETE FROM {{schema}}.leaderboard_scores
    WHERE (window_name, window_start, player_id) IN (
        SELECT window_name, window_start, player_id FROM {{schema}}.leaderboard_scores
        WHERE window_name = ? AND window_start < ? LIMIT ?)
    RETURNING 1
)
SELECT count(*) FROM gone
