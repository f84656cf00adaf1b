-- Store a window's new top-N if it changed, and announce it. Parameters: window, window start,
-- digest, top (JSON), channel. Returns the new version, or nothing when unchanged. published_at is
-- the clock at the upsert, under the publishing lock (snapshot_turn.sql): later publishes have later
-- times, even one that reuses a version lost in a crash.
WITH changed AS (
    INSERT INTO {{schema}}.leaderboard_snapshots AS s (window_name, window_start, version, digest, published_at, top)
    VALUES (?, ?, 1, ?, clock_timestamp(), ?::jsonb)
    ON CONFLICT (window_name) DO UPDATE
        SET window_start = excluded.window_start, version = s.version + 1, digest = excluded.digest,
            published_at = excluded.published_at, top = excluded.top
        WHERE s.digest IS DISTINCT FROM excluded.digest
    RETURNING window_name, version
)
SELECT version, pg_notify(?, json_build_object('window', window_name, 'version', version)::text) FROM changed
