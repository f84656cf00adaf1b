-- Core queue catalogue, shared message ids, idempotency keys and dead letters.
-- Each queue's messages live in their own table, created by QueueAdmin from queue/queue_create.sql.

CREATE TABLE {{schema}}.queues (
    name              text        PRIMARY KEY,
    slots             int         NOT NULL CHECK (slots BETWEEN 2 AND 64),
    rotation_seconds  int         NOT NULL CHECK (rotation_seconds BETWEEN 1 AND 86400),
    paused            boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- Running totals, flushed by each process about once a second (never per message: a single hot
    -- row updated by every batch would serialise all workers on its row lock).
    processed_total   bigint      NOT NULL DEFAULT 0,
    failed_total      bigint      NOT NULL DEFAULT 0,
    dead_total        bigint      NOT NULL DEFAULT 0
);

-- One sequence for all queues, without a per-session cache: ids must grow in the order sessions take
-- them, because claims resume scanning after the last id they saw and ordering keys run in id order.
CREATE SEQUENCE {{schema}}.message_id_seq AS bigint CACHE 1;

-- An enqueue with an idempotency key first claims the key here; a second enqueue with the same key
-- conflicts on the primary key and returns the first message instead. Rows live while the message
-- is pending and at least idempotency_window after enqueue; maintenance removes older ones.
CREATE TABLE {{schema}}.idempotency_keys (
    queue       text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    key         text        NOT NULL,
    message_id  bigint      NOT NULL,
    priority    smallint    NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (queue, key)
);
CREATE INDEX idempotency_keys_created_at ON {{schema}}.idempotency_keys (created_at);

CREATE TABLE {{schema}}.dead_letters (
    id               bigint      PRIMARY KEY,
    queue            text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    priority         smallint    NOT NULL,
    payload          jsonb,
    ordering_key     text,
    dedupe_key       text,
    idempotency_key  text,
    attempts         int         NOT NULL,
    enqueued_at      timestamptz NOT NULL,
    failed_at        timestamptz NOT NULL DEFAULT now(),
    last_error       text
);
CREATE INDEX dead_letters_queue_failed_at ON {{schema}}.dead_letters (queue, failed_at DESC);

-- Wake-up hint for workers: one NOTIFY per statement, and PostgreSQL folds identical notifications
-- of one transaction into one. The payload is empty; workers never rely on it being delivered.
CREATE FUNCTION {{schema}}.notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END
$$;

-- The partition (slot) a message enqueued at ts goes to. Slots rotate every rotation_seconds, so
-- once a slot is no longer written to and has been drained, maintenance can TRUNCATE it: its dead
-- tuples disappear at once even while a long transaction holds back VACUUM. IMMUTABLE so that it is
-- inlined into the column default.
CREATE FUNCTION {{schema}}.slot_at(ts timestamptz, rotation_seconds int, slots int) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((floor(extract(epoch FROM ts))::bigint / rotation_seconds) % slots)::smallint
$$;
