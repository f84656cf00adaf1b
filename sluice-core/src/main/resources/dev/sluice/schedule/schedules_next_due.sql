-- Milliseconds until the next tick of any active schedule falls due (null: no active schedule).
SELECT ceil(extract(epoch FROM min(next_run_at) - now()) * 1000)::bigint
FROM {{schema}}.schedules
WHERE NOT paused
