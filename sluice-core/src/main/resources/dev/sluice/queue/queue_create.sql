-- A queue is two tables.
--
-- {{table}}: the READY STREAM, partitioned by rotating slot (see slot_at in V001). It holds only
-- messages that are due. Every row entering it (enqueue, a delayed message or retry coming due, a
-- redrive) takes a fresh claim position seq from the shared sequence, so the stream is append-only
-- in claim order: a message that becomes ready is always ahead of every claim position, never
-- behind one. id is the message's identity, kept across retries and redrives.
CREATE TABLE {{table}} (
    seq              bigint      NOT NULL DEFAULT nextval('{{sequence}}'),
    id               bigint      NOT NULL DEFAULT nextval('{{sequence}}'),
    slot             smallint    NOT NULL DEFAULT {{schema}}.slot_at(clock_timestamp(), {{rotation_seconds}}, {{slots}}),
    priority         smallint    NOT NULL DEFAULT 0,
    run_at           timestamptz NOT NULL DEFAULT now(),
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    attempts         int         NOT NULL DEFAULT 0,
    payload          jsonb,
    ordering_key     text,
    dedupe_key       text,
    idempotency_key  text,
    last_error       text
) PARTITION BY LIST (slot);

-- The claim order; claims resume after the last seq they took, one position per priority level.
CREATE INDEX ON {{table}} (priority, seq);
-- "Is an earlier message with my ordering key still here?"
CREATE INDEX ON {{table}} (ordering_key, id) WHERE ordering_key IS NOT NULL;
-- Trigger capture: "is this row already pending?"
CREATE INDEX ON {{table}} (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- Key expiry: "is the message holding this key still pending?"
CREATE INDEX ON {{table}} (idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TRIGGER wake_workers AFTER INSERT ON {{table}}
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_queue({{channel_literal}});

-- {{scheduled}}: messages not yet due (enqueued with a later run_at, or failed and waiting for
-- their retry). Workers move due rows into the ready stream (promote.sql); claims never scan here.
CREATE TABLE {{scheduled}} (
    id               bigint      PRIMARY KEY,
    priority         smallint    NOT NULL DEFAULT 0,
    run_at           timestamptz NOT NULL,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    attempts         int         NOT NULL DEFAULT 0,
    payload          jsonb,
    ordering_key     text,
    dedupe_key       text,
    idempotency_key  text,
    last_error       text
) WITH (autovacuum_vacuum_scale_factor = 0.01);
CREATE INDEX ON {{scheduled}} (run_at, id);
CREATE INDEX ON {{scheduled}} (ordering_key, id) WHERE ordering_key IS NOT NULL;
CREATE INDEX ON {{scheduled}} (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- A message scheduled (or a retry written) wakes idle workers too, so that they learn when it is due.
CREATE TRIGGER wake_workers AFTER INSERT ON {{scheduled}}
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_queue({{channel_literal}});
