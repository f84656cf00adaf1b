-- Moves the checkpoint position in the checkpoint's own transaction and marks where it stood when, by
-- the writer's clock, for trimming (expire_ids.sql: only events below a mark are forgotten, so only
-- checkpointed and archived ones). Parameters: new position, events archived, now, new position, now.
WITH moved AS (
    UPDATE {{schema}}.leaderboard_fold SET position = ?::xid8, folded_total = folded_total + ?, folded_at = ?
    RETURNING 1
)
INSERT INTO {{schema}}.leaderboard_fold_marks (position, marked_at) SELECT ?::xid8, ? FROM moved
