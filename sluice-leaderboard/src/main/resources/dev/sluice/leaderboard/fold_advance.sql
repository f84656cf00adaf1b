-- Moves the fold position in the fold's own transaction (exactly once) and marks where it stood when,
-- by the folder's clock, for trimming (expire_ids.sql). Parameters: new position, events folded, now,
-- new position, now.
WITH moved AS (
    UPDATE {{schema}}.leaderboard_fold SET position = ?::xid8, folded_total = folded_total + ?, folded_at = ?
    RETURNING 1
)
INSERT INTO {{schema}}.leaderboard_fold_marks (position, marked_at) SELECT ?::xid8, ? FROM moved
