-- Converts queues created before the ready stream / scheduled split (see queue/queue_create.sql)
-- in place: their message table becomes the ready stream (claim position seq = id, so pending
-- messages keep their order), a scheduled table is created, and messages not yet due move there.
-- Queues already in the new layout (created after V002 was applied) are left alone. Captures
-- installed before this migration should be installed again (sluice.capture(...) replaces them).
DO $migrate$
DECLARE
    q      record;
    t      text;
    s      text;
    idx    record;
BEGIN
    FOR q IN SELECT name FROM {{schema}}.queues LOOP
        t := '{{schema}}.' || quote_ident('q_' || q.name);
        s := '{{schema}}.' || quote_ident('s_' || q.name);
        CONTINUE WHEN to_regclass(t) IS NULL
            OR EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(t) AND attname = 'seq' AND NOT attisdropped);
        EXECUTE format('ALTER TABLE %s ADD COLUMN seq bigint', t);
        EXECUTE format('UPDATE %s SET seq = id', t);
        EXECUTE format('ALTER TABLE %s ALTER COLUMN seq SET DEFAULT nextval(%L), ALTER COLUMN seq SET NOT NULL',
                       t, '{{schema}}.message_id_seq');
        FOR idx IN
            SELECT i.indexrelid::regclass AS name
            FROM pg_index i
            WHERE i.indrelid = to_regclass(t)
              AND (SELECT array_agg(a.attname::text ORDER BY k.n)
                   FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) = ARRAY['priority', 'id']
        LOOP
            EXECUTE format('DROP INDEX %s', idx.name);
        END LOOP;
        EXECUTE format('CREATE INDEX ON %s (priority, seq)', t);
        EXECUTE format('CREATE INDEX ON %s (idempotency_key) WHERE idempotency_key IS NOT NULL', t);
        EXECUTE format($ddl$
            CREATE TABLE %s (
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
            ) WITH (autovacuum_vacuum_scale_factor = 0.01)$ddl$, s);
        EXECUTE format('CREATE INDEX ON %s (run_at, id)', s);
        EXECUTE format('CREATE INDEX ON %s (ordering_key, id) WHERE ordering_key IS NOT NULL', s);
        EXECUTE format('CREATE INDEX ON %s (idempotency_key) WHERE idempotency_key IS NOT NULL', s);
        EXECUTE format('CREATE TRIGGER wake_workers AFTER INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_queue(%L)',
                       s, (parse_ident('{{schema}}'))[1] || '.' || q.name);
        EXECUTE format($move$
            WITH later AS (DELETE FROM %s WHERE run_at > now() RETURNING *)
            INSERT INTO %s (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
            SELECT id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error
            FROM later$move$, t, s);
    END LOOP;
END
$migrate$;
