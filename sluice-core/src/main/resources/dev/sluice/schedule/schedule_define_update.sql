-- Redefines an existing schedule, and changes nothing (0 rows) when the definition is the same, so
-- every process may define its schedules at start. Only a change of when it ticks (kind,
-- expression, zone, interval) moves next_run_at, to the first new tick after now: ticks already
-- enqueued are never enqueued again, and the paused state, last run and counters are kept.
-- Parameters: as schedule_define_insert.sql.
WITH input (queue, kind, expression, zone, interval_ms, payload, priority, catch_up, grace_ms, next_run_at) AS (
    VALUES (?::text, ?::text, ?::text, ?::text, ?::bigint, ?::jsonb, ?::smallint, ?::text, ?::bigint, ?::timestamptz)
)
UPDATE {{schema}}.schedules s
SET queue = i.queue, kind = i.kind, expression = i.expression, zone = i.zone, interval_ms = i.interval_ms,
    payload = i.payload, priority = i.priority, catch_up = i.catch_up, grace_ms = i.grace_ms,
    next_run_at = CASE WHEN (s.kind, s.expression, s.zone, s.interval_ms) IS DISTINCT FROM (i.kind, i.expression, i.zone, i.interval_ms)
                       THEN i.next_run_at ELSE s.next_run_at END,
    updated_at = now()
FROM input i
WHERE s.name = ?
  AND (s.queue, s.kind, s.expression, s.zone, s.interval_ms, s.payload, s.priority, s.catch_up, s.grace_ms)
      IS DISTINCT FROM (i.queue, i.kind, i.expression, i.zone, i.interval_ms, i.payload, i.priority, i.catch_up, i.grace_ms)
