-- Every schedule (parameter null) or the one named, with the database's clock.
SELECT name, queue, kind, expression, zone, interval_ms, payload::text, priority, catch_up, grace_ms, paused,
       next_run_at, last_tick_at, last_message_id, last_enqueued_at, enqueued_ticks, skipped_ticks, created_at, updated_at
FROM {{schema}}.schedules
WHERE ?::text IS NULL OR name = ?::text
ORDER BY name
