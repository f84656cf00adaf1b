-- Event streams: a catalogue of streams, one shared id sequence, and durable subscription positions.
-- Each stream's events live in a table of their own, partitioned by append time (stream_create.sql).
--
-- THE DELIVERY INVARIANT (read_batch.sql relies on it; every other statement preserves it):
--   Events are delivered to a subscription in (txid, id) order, where txid is the appending
--   transaction's id (pg_current_xact_id()) and id comes from the sequence. A batch contains only
--   events whose txid is below xmin of a snapshot taken before the batch was read. Every
--   transaction with an id below that xmin has ended (committed or aborted), and every transaction
--   that starts later gets an id >= xmin; so the set of events with txid < xmin is final: no event
--   can ever appear below a position the subscription has passed. A late-committing transaction
--   that took a lower sequence id than an event already delivered is not skipped, because its
--   txid holds the xmin below its own events until it ends. (A sequence alone gives no such
--   guarantee: ids are taken at insert time, rows become visible at commit time.)

CREATE TABLE {{schema}}.streams (
    name               text        PRIMARY KEY,
    partition_seconds  int         NOT NULL CHECK (partition_seconds BETWEEN 1 AND 31 * 86400),
    -- null: keep by time forever
    retention_seconds  bigint      CHECK (retention_seconds > 0),
    -- null: no size limit
    max_bytes          bigint      CHECK (max_bytes > 0),
    -- false: a partition holding an event some subscription has not consumed is kept past retention
    -- true: it is dropped anyway, and each such subscription's lost_total records what it missed
    drop_unconsumed    boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE {{schema}}.stream_event_id_seq AS bigint;

-- A subscription's position is the last delivered (txid, id). Everything at or before it has been
-- handled and committed together with this row's update (exactly once for database side effects).
CREATE TABLE {{schema}}.stream_subscriptions (
    stream          text        NOT NULL REFERENCES {{schema}}.streams (name) ON DELETE CASCADE,
    name            text        NOT NULL,
    position_txid   xid8        NOT NULL,
    position_id     bigint      NOT NULL,
    consumed_total  bigint      NOT NULL DEFAULT 0,
    -- events dropped by retention (drop_unconsumed streams only) before this subscription read them
    lost_total      bigint      NOT NULL DEFAULT 0,
    last_lost_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, name)
);

-- Wake-up hint for subscribers: one NOTIFY per appending statement (PostgreSQL folds identical
-- notifications of one transaction), delivered at commit. Subscribers never rely on it.
CREATE FUNCTION {{schema}}.stream_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END
$$;
