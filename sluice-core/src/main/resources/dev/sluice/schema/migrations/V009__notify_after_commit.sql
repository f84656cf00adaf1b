-- A queue's wake-up trigger sends nothing for an enqueue transaction that Sluice itself commits and
-- marks (sluice.notify = 'after_commit', set LOCAL): Sluice sends that wake-up once the transaction
-- has committed (CommitNotifier), because a transaction that NOTIFYs holds a cluster-wide lock
-- through its WAL flush, and notifying commits then cannot share flushes. Every other writer (your
-- own transactions, capture triggers, SQL clients) is unmarked and notifies from its commit as before.
CREATE OR REPLACE FUNCTION {{schema}}.notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sluice.notify', true) IS DISTINCT FROM 'after_commit' THEN
        PERFORM pg_notify(TG_ARGV[0], '');
    END IF;
    RETURN NULL;
END
$$;
