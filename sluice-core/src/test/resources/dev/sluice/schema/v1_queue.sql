-- A queue as V001-era Sluice created it (before the ready stream / scheduled split), for the upgrade test.

CREATE TABLE {{table}} (
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

-- The claim order; claims resume after the last (priority, id) they took.
CREATE INDEX ON {{table}} (priority, id);
-- "Is an earlier message with my ordering key still here?"
CREATE INDEX ON {{table}} (ordering_key, id) WHERE ordering_key IS NOT NULL;
-- Trigger capture: "is this row already pending?"
CREATE INDEX ON {{table}} (dedupe_key) WHERE dedupe_key IS NOT NULL;

CREATE TRIGGER wake_workers AFTER INSERT ON {{table}}
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_queue({{channel_literal}});

CREATE TABLE {{partition_zero}} PARTITION OF {{table}} FOR VALUES IN (0)
    WITH (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 90);
CREATE TABLE {{partition_one}} PARTITION OF {{table}} FOR VALUES IN (1)
    WITH (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 90);
