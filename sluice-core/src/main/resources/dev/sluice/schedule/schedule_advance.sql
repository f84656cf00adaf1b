-- Records a tick pass, in the transaction that enqueued its messages (see schedule_lock_due.sql).
-- Parameters: next_run_at, last tick enqueued (null: none), its message id (null: none),
-- ticks enqueued, ticks skipped, name.
UPDATE {{schema}}.schedules
SET next_run_at = ?::timestamptz,
    last_tick_at = coalesce(?::timestamptz, last_tick_at),
    last_message_id = coalesce(?::bigint, last_message_id),
    last_enqueued_at = CASE WHEN ?::bigint > 0 THEN now() ELSE last_enqueued_at END,
    enqueued_ticks = enqueued_ticks + ?::bigint,
    skipped_ticks = skipped_ticks + ?::bigint
WHERE name = ?
