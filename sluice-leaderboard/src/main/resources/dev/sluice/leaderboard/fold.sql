-- Fold the events of transactions with txid in [position, cut) into every window, the rank counts
-- and the archive, in one statement (the caller moves the position in the same transaction:
-- fold_advance.sql). Set-based: one upsert per window instance and player for the whole fold,
-- however many events it holds, and one rank-count upsert per bucket. Only this folder writes the
-- aggregates and counts (one fold at a time), so rows are upserted in key order without waiting on
-- ingest at all. Data-modifying CTEs always run, referenced or not.
-- Parameters: position, cut, keep sums, keep counts, window names, window sizes in seconds (0 = all time).
-- With max alone, an aggregate row is written only when the player's best improves (or is reached
-- earlier): ON CONFLICT ... WHERE skips the rest, so the long windows (1h, 1d, all) mostly only read.
-- Each written aggregate row moves its player between rank-count buckets (counted; see V004).
WITH fresh AS MATERIALIZED (
    SELECT event_id, player_id, score, ts, payload, ingested_at
    FROM {{schema}}.score_event_ids
    WHERE txid >= ?::xid8 AND txid < ?::xid8
), archived AS (
    -- the events kept for the retention (daily partitions by event time, dropped whole)
    INSERT INTO {{schema}}.score_events (event_id, player_id, score, ts, payload, ingested_at)
    SELECT event_id, player_id, score, ts, payload::jsonb, ingested_at FROM fresh
    RETURNING 1
), windows AS (
    SELECT w.name COLLATE "C" AS name, w.seconds, ?::boolean AS sums, ?::boolean AS counts FROM unnest(?::text[], ?::int[]) AS w(name, seconds)
), grouped AS (
    -- One row per window instance and player. The best and when it was first reached come from one
    -- max over (score, -time in microseconds), so the grouping can hash instead of sort.
    SELECT window_name, window_start, player_id, m[1] AS best,
           'epoch'::timestamptz + (-m[2]) * interval '1 microsecond' AS reached_at, total, events
    FROM (SELECT w.name AS window_name,
                 CASE WHEN w.seconds = 0 THEN 'epoch'::timestamptz
                      ELSE date_bin(make_interval(secs => w.seconds), f.ts, 'epoch'::timestamptz) END AS window_start,
                 f.player_id,
                 max(ARRAY[f.score, -(extract(epoch FROM f.ts) * 1000000)::bigint]) AS m,
                 CASE WHEN bool_or(w.sums) THEN sum(f.score) END AS total,
                 CASE WHEN bool_or(w.counts) THEN count(*) END AS events
          FROM fresh f CROSS JOIN windows w
          GROUP BY 1, 2, 3) a
), folded AS (
    -- With max alone, rows that would not improve the player's standing are left out before the upsert
    -- (an anti-join, one pass over the batch): ON CONFLICT DO UPDATE would lock each such row (a WAL
    -- record per row) even when its WHERE then skips the update. Only this folder writes aggregates, so
    -- the row it compared with is still the one it would conflict with.
    INSERT INTO {{schema}}.leaderboard_scores AS s (window_name, window_start, player_id, best, reached_at, total, events)
    SELECT g.window_name, g.window_start, g.player_id, g.best, g.reached_at, g.total, g.events
    FROM grouped g
    WHERE g.total IS NOT NULL OR g.events IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM {{schema}}.leaderboard_scores o
                      WHERE o.window_name = g.window_name AND o.window_start = g.window_start AND o.player_id = g.player_id
                        AND (o.best > g.best OR (o.best = g.best AND o.reached_at <= g.reached_at)))
    ON CONFLICT (window_name, window_start, player_id) DO UPDATE SET
        reached_at = CASE WHEN excluded.best > s.best THEN excluded.reached_at
                          WHEN excluded.best = s.best THEN least(s.reached_at, excluded.reached_at)
                          ELSE s.reached_at END,
        prev_best = s.best,
        best = greatest(s.best, excluded.best),
        total = s.total + excluded.total,
        events = s.events + excluded.events
    WHERE excluded.total IS NOT NULL OR excluded.events IS NOT NULL
       OR excluded.best > s.best OR (excluded.best = s.best AND excluded.reached_at < s.reached_at)
    RETURNING s.window_name, s.window_start, s.best, s.prev_best
), counted AS (
    -- Rank counts follow the bests (V004): +1 in the new best's buckets, -1 in the old best's (NULL for a
    -- new row); the buckets both share cancel. Invariant: after the fold commits, each kept bucket's
    -- stripes sum to exactly the window instance's players whose best falls in it. The sort reads all of
    -- folded before the first count is written. One fold at a time: stripe 0 (retention may write others).
    INSERT INTO {{schema}}.leaderboard_rank_counts AS c (window_name, window_start, level, bucket, stripe, players)
    SELECT d.window_name, d.window_start, d.level, d.bucket, 0::smallint, sum(d.delta)
    FROM (SELECT f.window_name, f.window_start, b.level, b.bucket, 1 AS delta
          FROM folded f CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(f.best) b
          UNION ALL
          SELECT f.window_name, f.window_start, b.level, b.bucket, -1
          FROM folded f CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(f.prev_best) b
          WHERE f.prev_best IS NOT NULL) d
    GROUP BY d.level, d.window_name, d.window_start, d.bucket
    HAVING sum(d.delta) <> 0
    ORDER BY d.level, d.window_name, d.window_start, d.bucket
    ON CONFLICT (window_name, window_start, level, bucket, stripe) DO UPDATE SET players = c.players + excluded.players
    RETURNING 1
)
SELECT count(*) FROM fresh
