-- Registers the checkpoint's transaction id (from another connection, in autocommit) so the tails pass
-- it (tail_horizon.sql), and forgets registrations of transactions that have ended. Parameter: xid.
WITH gone AS (
    DELETE FROM {{schema}}.leaderboard_fold_writers WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
)
INSERT INTO {{schema}}.leaderboard_fold_writers (xid) VALUES (?::xid8) ON CONFLICT DO NOTHING
