-- How far the tail may read: the smallest transaction id still in progress in this statement's
-- snapshot that is not a registered checkpoint (leaderboard_fold_writers: those never write the
-- inbox), else the snapshot's xmax. Every transaction below it has ended (or is a checkpoint), and
-- every later one gets a larger id, so the inbox rows below it are final (V005, V006). Read only:
-- takes no transaction id. A checkpoint registered after this snapshot is simply waited for.
SELECT coalesce((SELECT min(x.xid) FROM pg_snapshot_xip(s.snap) AS x(xid)
                  WHERE x.xid NOT IN (SELECT w.xid FROM {{schema}}.leaderboard_fold_writers w)),
                pg_snapshot_xmax(s.snap))::text
FROM (SELECT pg_current_snapshot() AS snap) s
