-- Leased deliveries (dev.sluice.lease): the second way to consume a queue, at least once. A lease
-- claim moves messages out of the queue's ready stream into this table and commits at once, with
-- one attempt counted; the handler then runs outside any transaction and acknowledges (the row is
-- deleted), fails (the row goes back to the queue's scheduled table with a backoff, or to the dead
-- letters) or extends the deadline. A lease whose deadline passes (crashed process, hung handler)
-- is put back into the ready stream by maintenance in every process (lease/lease_rescue.sql), or
-- dead-lettered once it has used max_attempts deliveries.
-- INVARIANT: a message is in exactly one of its queue's tables, this table or the dead letters;
-- every move is one statement (DELETE ... RETURNING feeding an INSERT), so it is never lost or doubled.
-- Every change is guarded by token and deadline > clock_timestamp(): once a lease has expired, its
-- holder can no longer acknowledge, fail or extend it, so a redelivered message has one owner.
CREATE TABLE {{schema}}.leases (
    queue            text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    id               bigint      NOT NULL,
    priority         smallint    NOT NULL,
    run_at           timestamptz NOT NULL,
    enqueued_at      timestamptz NOT NULL,
    attempts         int         NOT NULL,
    max_attempts     int         NOT NULL CHECK (max_attempts >= 1),
    payload          jsonb,
    ordering_key     text,
    dedupe_key       text,
    idempotency_key  text,
    last_error       text,
    token            uuid        NOT NULL,
    claimed_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    deadline         timestamptz NOT NULL,
    PRIMARY KEY (queue, id)
) WITH (autovacuum_vacuum_scale_factor = 0.01);
CREATE INDEX leases_token ON {{schema}}.leases (token);
CREATE INDEX leases_deadline ON {{schema}}.leases (queue, deadline);
-- The claims' ordering-key check: "is an earlier message with my key leased?"
CREATE INDEX leases_ordering_key ON {{schema}}.leases (queue, ordering_key, id) WHERE ordering_key IS NOT NULL;
