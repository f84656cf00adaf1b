-- Deliveries that ended without their batch committing, recorded when the message is claimed again
-- (worker/aborted_record.sql), instead of one record per batch before every handler (V002, dropped
-- here). A claim reads, from each row it takes, the transaction that last deleted or locked it
-- (xmax): a row still visible with such a transaction behind it was delivered in a batch that
-- aborted (the JVM died, the connection was killed, idle_in_transaction_session_timeout, a failing
-- COMMIT). Only then does a worker write here, once per message and aborted transaction, so a batch
-- of fresh messages pays no extra round trip. The count of a message's rows here is the number of
-- its deliveries cut short; it is folded into attempts, and the rows removed, by the batch that
-- next ends its delivery (acknowledged, failed or dead-lettered).
-- excused: a batch-mate that a suspect's batch put back untouched (it was claimed, not handled): if
-- that batch aborts, its abort is not this message's. Logged (unlike V002's records): written only after a crash, and a crash count must survive one.
DROP TABLE IF EXISTS {{schema}}.deliveries;
CREATE TABLE {{schema}}.aborted_deliveries (
    queue        text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    id           bigint      NOT NULL,
    xid          xid8        NOT NULL,
    excused      boolean     NOT NULL DEFAULT false,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (queue, id, xid)
);
