-- Creates a schedule unless one of that name exists (then the caller tries schedule_define_update.sql).
-- Parameters: queue, kind, expression, zone, interval_ms, payload, priority, catch_up, grace_ms,
-- next_run_at (the first tick after now, computed by the caller from the same now()), name.
WITH input (queue, kind, expression, zone, interval_ms, payload, priority, catch_up, grace_ms, next_run_at) AS (
    VALUES (?::text, ?::text, ?::text, ?::text, ?::bigint, ?::jsonb, ?::smallint, ?::text, ?::bigint, ?::timestamptz)
)
INSERT INTO {{schema}}.schedules (name, queue, kind, expression, zone, interval_ms, payload, priority, catch_up, grace_ms, next_run_at)
SELECT ?, i.queue, i.kind, i.expression, i.zone, i.interval_ms, i.payload, i.priority, i.catch_up, i.grace_ms, i.next_run_at
FROM input i
ON CONFLICT (name) DO NOTHING
