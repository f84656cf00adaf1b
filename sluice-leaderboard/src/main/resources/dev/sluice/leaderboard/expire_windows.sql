-- Drop aggregate rows of one window older than its retention, a bounded slice per call, and take
-- them out of the rank counts in the same statement (the counts stay exact while an instance is
-- half deleted; a stripe may go below zero, the sum is right). Parameters: window, cutoff, limit.
-- Returns the rows dropped.
WITH gone AS (
    DELETE FROM {{schema}}.leaderboard_scores
    WHERE (window_name, window_start, player_id) IN (
        SELECT window_name, window_start, player_id FROM {{schema}}.leaderboard_scores
        WHERE window_name = ? AND window_start < ? LIMIT ?)
    RETURNING window_name, window_start, best
), uncounted AS (
    INSERT INTO {{schema}}.leaderboard_rank_counts AS c (window_name, window_start, level, bucket, stripe, players)
    SELECT g.window_name, g.window_start, b.level, b.bucket, CASE WHEN b.level >= 3 THEN (pg_current_xact_id()::text::bigint % 4)::smallint ELSE 0::smallint END, -count(*)
    FROM gone g CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(g.best) b
    GROUP BY b.level, g.window_name, g.window_start, b.bucket
    ORDER BY b.level, g.window_name, g.window_start, b.bucket
    ON CONFLICT (window_name, window_start, level, bucket, stripe) DO UPDATE SET players = c.players + excluded.players
    RETURNING 1
)
SELECT count(*) FROM gone
