-- Deliveries whose batch has not been seen to commit. A worker writes one row per claimed batch,
-- on a second connection, after the claim and before its handler runs: the claiming transaction's
-- id and the message ids. If that transaction aborts (the JVM died, the connection was killed,
-- idle_in_transaction_session_timeout, a failing COMMIT), the claim is undone and the messages
-- return as if never delivered; maintenance then finds the row (pg_xact_status = 'aborted') and
-- counts one attempt for each message, so a message that crashes its worker reaches the dead
-- letters after maxAttempts deliveries. Rows of committed batches are simply removed.
-- UNLOGGED: no WAL and no commit flush for this bookkeeping; after a PostgreSQL crash the table is
-- empty, and only the deliveries cut short by that crash go uncounted.
CREATE UNLOGGED TABLE {{schema}}.deliveries (
    xid        xid8        NOT NULL,
    queue      text        NOT NULL,
    ids        bigint[]    NOT NULL,
    logged_at  timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_scale_factor = 0.01);
CREATE INDEX deliveries_queue ON {{schema}}.deliveries (queue);
