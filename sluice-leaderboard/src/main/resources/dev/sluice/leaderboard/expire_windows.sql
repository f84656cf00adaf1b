-- Drop aggregate rows of one window older than its retention, a bounded slice per call, and take
-- them out of the rank counts in the same statement (the counts stay exact while an instance is
-- half deleted). Parameters: window, cutoff, limit. Returns the rows dropped.
WITH gone AS (
    DELETE FROM {{schema}}.leaderboard_scores
    WHERE (window_name, window_start, player_id) IN (
        SELECT window_name, window_start, player_id FROM {{schema}}.leaderboard_scores
        WHERE window_name = ? AND window_start < ? LIMIT ?)
    RETURNING window_name, window_start, best
), uncounted AS (
    UPDATE {{schema}}.leaderboard_rank_counts c SET players = c.players - d.n
    FROM (SELECT g.window_name, g.window_start, b.level, b.bucket, count(*) AS n
          FROM gone g CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(g.best) b
          GROUP BY 1, 2, 3, 4) d
    WHERE c.window_name = d.window_name AND c.window_start = d.window_start AND c.level = d.level AND c.bucket = d.bucket
    RETURNING 1
)
SELECT count(*) FROM gone
