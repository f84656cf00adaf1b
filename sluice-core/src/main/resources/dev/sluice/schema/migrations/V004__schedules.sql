-- Recurring schedules (dev.sluice.schedule). One row per schedule; every Sluice process may tick it.
-- Exactly one message per tick, without a leader: a tick is enqueued only by the transaction that
-- locks the row and moves next_run_at past that tick, in the same commit as the enqueue (see
-- schedule/schedule_lock_due.sql and schedule_advance.sql); the message also carries the
-- idempotency key 'sluice-schedule:<name>:<tick>', so a schedule redefined onto a tick it already
-- enqueued cannot enqueue it twice.
CREATE TABLE {{schema}}.schedules (
    name              text        PRIMARY KEY,
    queue             text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    kind              text        NOT NULL CHECK (kind IN ('cron', 'interval')),
    expression        text        CHECK ((kind = 'cron') = (expression IS NOT NULL)),
    zone              text        NOT NULL DEFAULT 'UTC',
    interval_ms       bigint      CHECK ((kind = 'interval') = (interval_ms IS NOT NULL) AND (interval_ms IS NULL OR interval_ms > 0)),
    payload           jsonb,
    priority          smallint    NOT NULL DEFAULT 0,
    catch_up          text        NOT NULL CHECK (catch_up IN ('skip', 'one', 'all')),
    grace_ms          bigint      NOT NULL CHECK (grace_ms >= 0),
    paused            boolean     NOT NULL DEFAULT false,
    -- The earliest tick not yet handled; a tick at or before now() is due.
    next_run_at       timestamptz NOT NULL,
    -- The latest tick that was enqueued, the message it became, and when.
    last_tick_at      timestamptz,
    last_message_id   bigint,
    last_enqueued_at  timestamptz,
    -- Ticks that were due and enqueued nothing (catch-up skip, or a tick older than the grace).
    skipped_ticks     bigint      NOT NULL DEFAULT 0,
    enqueued_ticks    bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedules_due ON {{schema}}.schedules (next_run_at) WHERE NOT paused;
