-- The checkpoint's position and horizon on start, in the same REPEATABLE READ snapshot as
-- checkpoint_load.sql: the rows hold every event below the position, except for the deferred windows'
-- instances not settled at the horizon, which have no rows and are rebuilt from the inbox (Board).
SELECT position::text, folded_at FROM {{schema}}.leaderboard_fold
