-- The checkpoint's position on start, in the same REPEATABLE READ snapshot as checkpoint_load.sql.
SELECT position::text FROM {{schema}}.leaderboard_fold
