-- The checkpoint's transaction has ended: its registration goes. Parameter: xid.
DELETE FROM {{schema}}.leaderboard_fold_writers WHERE xid = ?::xid8
