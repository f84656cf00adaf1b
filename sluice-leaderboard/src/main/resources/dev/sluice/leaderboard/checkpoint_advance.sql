-- Moves the checkpoint position and horizon in the checkpoint's own transaction and marks where it
-- stood when, for trimming (expire_ids.sql: only events below a mark are forgotten, so only
-- checkpointed and archived ones). The horizon is the writer's clock, never moved back
-- (checkpoint_position.sql); the deferred windows' instances settled at it are in the rows.
-- Parameters: new position, events archived, horizon, new position, horizon.
WITH moved AS (
    UPDATE {{schema}}.leaderboard_fold SET position = ?::xid8, folded_total = folded_total + ?, folded_at = ?
    RETURNING 1
)
INSERT INTO {{schema}}.leaderboard_fold_marks (position, marked_at) SELECT ?::xid8, ? FROM moved
