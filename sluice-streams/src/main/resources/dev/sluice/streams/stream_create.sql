-- One stream's events, partitioned by append time so that retention drops whole partitions.
-- appended_at is clock_timestamp(), not now(): an old transaction appending today must land in
-- today's partition, never in one that retention may already have detached.
CREATE TABLE {{table}} (
    id           bigint      NOT NULL DEFAULT nextval('{{sequence}}'),
    txid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    appended_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    key          text,
    payload      jsonb       NOT NULL
) PARTITION BY RANGE (appended_at);
-- The delivery order (see the invariant in migrations/V001__streams.sql): batches are index range scans.
CREATE INDEX ON {{table}} (txid, id);
-- Reads by event id (debugging, reset to an event) and by time (reset to a time). BRIN, not btree:
-- both grow with the physical order of appends, and a BRIN index costs appends almost nothing.
CREATE INDEX ON {{table}} USING brin (id);
CREATE INDEX ON {{table}} USING brin (appended_at);
CREATE TRIGGER stream_notify AFTER INSERT ON {{table}}
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.stream_notify({{channel_literal}});
