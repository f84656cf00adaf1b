-- Locks one schedule's row for a pause, resume or tick and reads how it ticks, with now().
SELECT kind, expression, zone, interval_ms, paused, next_run_at, now()
FROM {{schema}}.schedules
WHERE name = ?
FOR UPDATE
