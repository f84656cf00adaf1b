-- Takes one due schedule for this transaction, or nothing when it is no longer due or another
-- process holds it.
-- Invariant (exactly one message per tick, no leader): the row stays locked until this transaction
-- has enqueued the due ticks and moved next_run_at past them (schedule_advance.sql), and both commit
-- together. A process that finds the row locked skips it (SKIP LOCKED); one that locks it after that
-- commit re-evaluates the WHERE on the new row version (READ COMMITTED), finds next_run_at in the
-- future and takes nothing. A rollback leaves next_run_at where it was, so the tick is retried.
SELECT queue, kind, expression, zone, interval_ms, payload::text, priority, catch_up, grace_ms, next_run_at, now()
FROM {{schema}}.schedules
WHERE name = ? AND NOT paused AND next_run_at <= now()
FOR UPDATE SKIP LOCKED
