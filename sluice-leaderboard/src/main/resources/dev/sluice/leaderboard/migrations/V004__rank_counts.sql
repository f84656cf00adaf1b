-- Rank in O(log n): running counts of players per score bucket, per window instance, kept exact in
-- the ingest transaction. Level L (1..10) buckets a best score by best >> 6L, so a parent holds 64
-- buckets; level 11 is the sign (best >> 63). The players ahead of a score are the ties ahead of it
-- and those within its own block of 64 score points (index ranges), plus, at every level, the
-- buckets above its own under the same parent: at most 63 buckets per level (rank.sql).
-- A bucket that is the lowest under its parent (digit 0, or the negative sign) is never summed, so it
-- is not kept: scores below 2^(6k) touch only levels below k, and no single row counts every player.
CREATE FUNCTION {{schema}}.leaderboard_rank_buckets(best bigint) RETURNS TABLE (level smallint, bucket bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT l::smallint, best >> least(6 * l, 63)
    FROM generate_series(1, 11) AS l
    WHERE CASE WHEN l = 11 THEN best >= 0 ELSE ((best >> (6 * l)) & 63) <> 0 END
$$;

-- A bucket's count is the sum over its stripes: from level 3 up, each transaction writes one stripe
-- (by its id), so concurrent batches seldom wait on each other for the few hot upper buckets; levels
-- 1 and 2 keep stripe 0 (many buckets, seldom shared by concurrent batches; 4x fewer rows to sum). A stripe alone may go
-- below zero (a player counted in one stripe, moved out in another); only the sum means anything.
CREATE TABLE {{schema}}.leaderboard_rank_counts (
    window_name   text        NOT NULL,
    window_start  timestamptz NOT NULL,
    level         smallint    NOT NULL,
    bucket        bigint      NOT NULL,
    stripe        smallint    NOT NULL,
    players       bigint      NOT NULL,
    PRIMARY KEY (window_name, window_start, level, bucket, stripe)
) WITH (fillfactor = 70);

-- The best before the last update of the row, so the ingest statement can move the player's count
-- from the old best's buckets to the new one's (RETURNING shows only new values before PostgreSQL 18).
ALTER TABLE {{schema}}.leaderboard_scores ADD COLUMN prev_best bigint;

-- Existing aggregates (the migration runs under the migrator's advisory lock; ingest of an older
-- version running meanwhile would not be counted).
INSERT INTO {{schema}}.leaderboard_rank_counts (window_name, window_start, level, bucket, stripe, players)
SELECT s.window_name, s.window_start, b.level, b.bucket, 0, count(*)
FROM {{schema}}.leaderboard_scores s CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(s.best) b
GROUP BY 1, 2, 3, 4;
