-- "Where am I", in one statement and so one snapshot: the player's row (part 0) with how many players
-- rank ahead (from the rank counts), up to k players just ahead (part -1) and just behind (part 1),
-- all in ranking order: best desc, reached_at, player_id. No row when the player has no score.
-- The redundant "s.best >= me.best" / "s.best <= me.best" give the index scans a boundary (the OR
-- conditions alone cannot): each neighbour list walks only k entries.
-- Parameters: window, window start, player, k, k.
WITH me AS MATERIALIZED (
    SELECT window_name, window_start, player_id, best, total, events, reached_at
    FROM {{schema}}.leaderboard_scores
    WHERE window_name = ? AND window_start = ? AND player_id = ?
)
SELECT 0 AS part, me.player_id, me.best, me.total, me.events, me.reached_at,
       -- ahead: the ties ranked before the player (same best, reached earlier or lower id) and the players
       -- above it within its block of 64 score points (index ranges), plus the rank counts (V004) of every
       -- bucket above the player's own under the same parent, levels 1 to 11: at most 63 buckets per
       -- level (times 4 stripes from level 3 up), whatever the number of players. Exact at the statement's snapshot.
       (SELECT count(*)
        FROM {{schema}}.leaderboard_scores s
        WHERE s.window_name = me.window_name AND s.window_start = me.window_start AND s.best = me.best
          AND (s.reached_at < me.reached_at OR (s.reached_at = me.reached_at AND s.player_id < me.player_id)))
       + (SELECT count(*)
          FROM {{schema}}.leaderboard_scores s
          WHERE s.window_name = me.window_name AND s.window_start = me.window_start
            AND s.best > me.best AND s.best <= (me.best | 63))
       + (SELECT coalesce(sum(c.players), 0)
          FROM generate_series(1, 11) AS l
          JOIN {{schema}}.leaderboard_rank_counts c
            ON c.window_name = me.window_name AND c.window_start = me.window_start AND c.level = l
           AND c.bucket > (me.best >> least(6 * l, 63))
           AND c.bucket <= CASE WHEN l = 11 THEN 0 ELSE ((me.best >> least(6 * l, 63)) | 63) END) AS ahead
FROM me
UNION ALL
SELECT -1, a.player_id, a.best, a.total, a.events, a.reached_at, NULL
FROM me CROSS JOIN LATERAL (
    SELECT s.player_id, s.best, s.total, s.events, s.reached_at
    FROM {{schema}}.leaderboard_scores s
    WHERE s.window_name = me.window_name AND s.window_start = me.window_start AND s.best >= me.best
      AND (s.best > me.best OR (s.best = me.best AND (s.reached_at < me.reached_at
           OR (s.reached_at = me.reached_at AND s.player_id < me.player_id))))
    ORDER BY s.best, s.reached_at DESC, s.player_id DESC
    LIMIT ?) a
UNION ALL
SELECT 1, b.player_id, b.best, b.total, b.events, b.reached_at, NULL
FROM me CROSS JOIN LATERAL (
    SELECT s.player_id, s.best, s.total, s.events, s.reached_at
    FROM {{schema}}.leaderboard_scores s
    WHERE s.window_name = me.window_name AND s.window_start = me.window_start AND s.best <= me.best
      AND (s.best < me.best OR (s.best = me.best AND (s.reached_at > me.reached_at
           OR (s.reached_at = me.reached_at AND s.player_id > me.player_id))))
    ORDER BY s.best DESC, s.reached_at, s.player_id
    LIMIT ?) b
ORDER BY part, best DESC, reached_at, player_id
