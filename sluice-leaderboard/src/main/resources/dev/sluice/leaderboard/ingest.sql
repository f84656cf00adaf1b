-- Ingest a batch of already validated events in one statement: claim each event id (duplicates,
-- including ones inside the batch, claim nothing), store the new events, and fold them into every
-- window's aggregates. Aggregate rows are upserted in key order, so concurrent batches lock rows in
-- the same order and cannot deadlock. Returns the ids that were new.
-- Parameters: event ids, player ids, scores, timestamps, payloads (text[]), window names, window
-- sizes in seconds (0 = all time), keep sums, keep counts. Data-modifying CTEs always run, referenced or not.
-- With max alone, an aggregate row is written only when the player's best improves (or is reached
-- earlier): ON CONFLICT ... WHERE skips the rest, so the long windows (1h, 1d, all) mostly only read.
-- Each written aggregate row moves its player between rank-count buckets (counted; see V004).
WITH input AS (
    -- a repeated id inside the batch counts once: its first occurrence
    SELECT DISTINCT ON (e.event_id) e.event_id, e.player_id, e.score, e.ts, e.payload, e.n
    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[])
         WITH ORDINALITY AS e(event_id, player_id, score, ts, payload, n)
    ORDER BY e.event_id, e.n
), claimed AS (
    -- in id order: concurrent retries of overlapping batches wait on each other's ids in one order
    -- (input order could deadlock: A then B against B then A)
    INSERT INTO {{schema}}.score_event_ids (event_id, ts)
    SELECT event_id, ts FROM input ORDER BY event_id
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id
), fresh AS (
    SELECT i.* FROM input i JOIN claimed c USING (event_id)
), stored AS (
    INSERT INTO {{schema}}.score_events (event_id, player_id, score, ts, payload)
    SELECT event_id, player_id, score, ts, payload::jsonb FROM fresh
    RETURNING event_id
), windows AS (
    SELECT w.name, w.seconds, ?::boolean AS sums, ?::boolean AS counts FROM unnest(?::text[], ?::int[]) AS w(name, seconds)
), folded AS (
    INSERT INTO {{schema}}.leaderboard_scores AS s (window_name, window_start, player_id, best, reached_at, total, events)
    SELECT w.name,
           CASE WHEN w.seconds = 0 THEN 'epoch'::timestamptz
                ELSE date_bin(make_interval(secs => w.seconds), f.ts, 'epoch'::timestamptz) END AS window_start,
           f.player_id,
           max(f.score),
           (array_agg(f.ts ORDER BY f.score DESC, f.ts))[1],
           CASE WHEN bool_or(w.sums) THEN sum(f.score) END,
           CASE WHEN bool_or(w.counts) THEN count(*) END
    FROM fresh f CROSS JOIN windows w
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
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
    -- new row); the buckets both share cancel. Invariant: after commit, each kept bucket's stripes sum
    -- to exactly the window instance's players whose best falls in it. The sort reads all of folded
    -- before the first count is written; counts go in one global order, finest level first, so the few
    -- hot upper buckets are taken last and briefly, and concurrent batches cannot deadlock. From level 3
    -- up (a few buckets that nearly every batch touches) one stripe per transaction (its id mod 4)
    -- spreads each bucket over four rows; levels 1 and 2 are spread by the scores themselves.
    INSERT INTO {{schema}}.leaderboard_rank_counts AS c (window_name, window_start, level, bucket, stripe, players)
    SELECT d.window_name, d.window_start, d.level, d.bucket, CASE WHEN d.level >= 3 THEN (pg_current_xact_id()::text::bigint % 4)::smallint ELSE 0::smallint END, sum(d.delta)
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
SELECT event_id FROM stored
