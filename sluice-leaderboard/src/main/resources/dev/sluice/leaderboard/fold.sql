-- Fold the events of transactions with txid in [position, cut) into every window, the rank counts
-- and the archive, in one statement (the caller moves the position in the same transaction:
-- fold_advance.sql). Set-based: at most one write per window instance and player for the whole
-- fold, however many events it holds, and one rank-count upsert per bucket. Only this folder writes
-- the aggregates and counts (one fold at a time), and it never waits on ingest.
-- Data-modifying CTEs always run, referenced or not.
-- Parameters: position, cut, keep sums, keep counts, window names, window sizes in seconds (0 = all time).
-- With max alone, an aggregate row is written only when the player's best improves (or is reached
-- earlier), so the long windows (1h, 1d, all) mostly only read. Each written aggregate row moves its
-- player between rank-count buckets (counted; see V004).
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
), changes AS MATERIALIZED (
    -- Each grouped row against the stored one, one index probe each: kept when the row is new or (with
    -- max alone) improves the player's standing, so a fold writes nothing for the rest, not even a row
    -- lock. Only this folder inserts or updates aggregates (retention only deletes expired instances),
    -- so what it compared with is what it then writes over.
    -- LATERAL ... LIMIT 1 (never pulled up into a join): a primary-key probe per group by construction.
    -- A plain LEFT JOIN was planned as a hash join over a sequential scan of the whole table, which
    -- grows by about a row per event in the 1 s window.
    SELECT g.window_name, g.window_start, g.player_id, g.best, g.reached_at, g.total, g.events, o.best AS old_best
    FROM grouped g
    LEFT JOIN LATERAL (SELECT s.best, s.reached_at FROM {{schema}}.leaderboard_scores s
                       WHERE s.window_name = g.window_name AND s.window_start = g.window_start AND s.player_id = g.player_id LIMIT 1) o ON true
    WHERE o.best IS NULL OR g.total IS NOT NULL OR g.events IS NOT NULL
       OR g.best > o.best OR (g.best = o.best AND g.reached_at < o.reached_at)
), inserted AS (
    INSERT INTO {{schema}}.leaderboard_scores (window_name, window_start, player_id, best, reached_at, total, events)
    SELECT window_name, window_start, player_id, best, reached_at, total, events FROM changes WHERE old_best IS NULL
    RETURNING 1
), updated AS (
    UPDATE {{schema}}.leaderboard_scores s SET
        reached_at = CASE WHEN c.best > s.best THEN c.reached_at
                          WHEN c.best = s.best THEN least(s.reached_at, c.reached_at)
                          ELSE s.reached_at END,
        best = greatest(s.best, c.best),
        total = s.total + c.total,
        events = s.events + c.events
    FROM changes c
    WHERE c.old_best IS NOT NULL
      AND s.window_name = c.window_name AND s.window_start = c.window_start AND s.player_id = c.player_id
    RETURNING 1
), counted AS (
    -- Rank counts follow the bests (V004): +1 in the new best's buckets, -1 in the old best's (NULL for a
    -- new row); the buckets both share cancel. Invariant: after the fold commits, each kept bucket's
    -- stripes sum to exactly the window instance's players whose best falls in it. Computed from changes
    -- (the statement's one snapshot, before its writes). One fold at a time: stripe 0 (retention may
    -- write others).
    INSERT INTO {{schema}}.leaderboard_rank_counts AS c (window_name, window_start, level, bucket, stripe, players)
    SELECT d.window_name, d.window_start, d.level, d.bucket, 0::smallint, sum(d.delta)
    FROM (SELECT c.window_name, c.window_start, b.level, b.bucket, 1 AS delta
          FROM changes c CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(greatest(c.best, c.old_best)) b
          UNION ALL
          SELECT c.window_name, c.window_start, b.level, b.bucket, -1
          FROM changes c CROSS JOIN LATERAL {{schema}}.leaderboard_rank_buckets(c.old_best) b
          WHERE c.old_best IS NOT NULL) d
    GROUP BY d.level, d.window_name, d.window_start, d.bucket
    HAVING sum(d.delta) <> 0
    ORDER BY d.level, d.window_name, d.window_start, d.bucket
    ON CONFLICT (window_name, window_start, level, bucket, stripe) DO UPDATE SET players = c.players + excluded.players
    RETURNING 1
)
SELECT count(*) FROM fresh
