-- Pauses or resumes. Resume moves next_run_at to the first tick after now: ticks that fell during the
-- pause are not caught up. Parameters: paused, next_run_at (null: keep), name.
UPDATE {{schema}}.schedules
SET paused = ?, next_run_at = coalesce(?::timestamptz, next_run_at), updated_at = now()
WHERE name = ?
