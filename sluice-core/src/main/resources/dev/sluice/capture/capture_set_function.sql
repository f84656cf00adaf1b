-- The statement-level form of capture_function.sql, one function per captured event: one trigger
-- call per writing statement, whatever its row count, reading the changed rows from the
-- statement's transition tables (changed_rows: new rows for INSERT and UPDATE, old ones for
-- DELETE; old_rows: the old rows of an UPDATE, joined by key when the condition reads OLD). The
-- event's condition filters the rows, with NEW and OLD as r and o. An UPDATE that changed a row's
-- key finds no old row by its new key: it is captured without its condition (a message too many
-- rather than a change lost). Same outcome per row as the row-level form: a row whose pending (ready, unclaimed)
-- message exists gets that message's payload replaced; any other row gets a new message. A
-- message already claimed by a worker is locked, SKIP LOCKED passes over it, and the change gets a
-- new message, so a change made while the previous one is being handled is never lost. Rows are
-- taken in key order, so two statements capturing the same rows lock their messages in one order.
--
-- A statement that captures no row (none passes the condition, e.g. a worker's own write to the
-- captured table) returns before the INSERT: a statement-level INSERT, even of no rows, fires the
-- queue's wake_workers trigger, and its NOTIFY woke an idle worker for nothing (an empty claim) and
-- made the writer's COMMIT queue behind every other notifying commit (PostgreSQL holds one
-- cluster-wide lock from a notifying commit's start through its WAL flush).
-- Pending messages are looked up by the dedupe_key index (= ANY of the captured keys) rather than
-- by joining the keys to a scan of the whole ready stream.
CREATE OR REPLACE FUNCTION {{function}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {{from}} {{where}}) THEN
        RETURN NULL;
    END IF;
    WITH changed AS (
        SELECT DISTINCT ON (c.dedupe) c.dedupe, c.body
        FROM (
            SELECT {{table_literal}} || ':' || {{key_text}} AS dedupe,
                   jsonb_build_object('table', {{table_literal}}, 'op', TG_OP, 'key', {{key_json}}{{columns_json}}) AS body
            FROM {{from}}
            {{where}}
        ) c
        ORDER BY c.dedupe
    ), pending AS (
        SELECT q.priority, q.seq, q.dedupe_key
        FROM {{queue_table}} q
        WHERE q.dedupe_key = ANY (ARRAY(SELECT dedupe FROM changed))
        ORDER BY q.dedupe_key
        FOR UPDATE SKIP LOCKED
    ), updated AS (
        UPDATE {{queue_table}} q SET payload = c.body
        FROM pending p JOIN changed c ON c.dedupe = p.dedupe_key
        WHERE q.priority = p.priority AND q.seq = p.seq AND q.payload IS DISTINCT FROM c.body
    )
    INSERT INTO {{queue_table}} (payload, dedupe_key)
    SELECT c.body, c.dedupe
    FROM changed c
    WHERE NOT EXISTS (SELECT 1 FROM pending p WHERE p.dedupe_key = c.dedupe)
    ORDER BY c.dedupe;
    RETURN NULL;
END
$fn$;
