-- Schedules with a tick due now, oldest first. A hint only: each is locked and re-checked by
-- schedule_lock_due.sql before anything is enqueued.
SELECT name FROM {{schema}}.schedules
WHERE NOT paused AND next_run_at <= now()
ORDER BY next_run_at
LIMIT 100
