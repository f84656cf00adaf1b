-- The checkpoint's position and horizon, locked for this checkpoint (one writer at a time also holds
-- the advisory lock): every event with txid below the position is in the checkpoint rows and the
-- archive (V006), except for the deferred windows' instances not settled at the horizon (no rows yet,
-- every event still in the inbox: Board.deferred). The horizon (folded_at) only moves forward, so an
-- instance once settled and written stays settled for every later writer whatever its clock.
SELECT position::text, folded_at FROM {{schema}}.leaderboard_fold FOR UPDATE
