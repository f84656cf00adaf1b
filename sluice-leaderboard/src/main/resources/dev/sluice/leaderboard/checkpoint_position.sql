-- The checkpoint's position, locked for this checkpoint (one writer at a time also holds the advisory
-- lock): every event with txid below it is in the checkpoint rows and the archive (V006).
SELECT position::text FROM {{schema}}.leaderboard_fold FOR UPDATE
