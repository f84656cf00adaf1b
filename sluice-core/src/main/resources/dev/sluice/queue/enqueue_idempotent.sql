-- Batch enqueue where some messages carry idempotency keys. A keyed message is inserted only if its
-- key is claimed in idempotency_keys here; otherwise it is a duplicate and the caller looks up the
-- message that holds the key. Concurrent enqueues of one key wait on the key's primary key, so
-- exactly one of them inserts.
-- Parameters: queue name, then per message: priority smallint[], run_at text[], payload text[],
-- ordering key text[], idempotency key text[].
WITH input AS MATERIALIZED (
    SELECT m.n, m.priority, m.run_at, m.payload, m.ordering_key, m.idempotency_key,
           nextval('{{sequence}}') AS id
    FROM unnest(?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[])
         WITH ORDINALITY AS m(priority, run_at, payload, ordering_key, idempotency_key, n)
), claimed_keys AS (
    INSERT INTO {{schema}}.idempotency_keys (queue, key, message_id, priority)
    SELECT {{queue_literal}}, i.idempotency_key, i.id, i.priority
    FROM input i
    WHERE i.idempotency_key IS NOT NULL
    ORDER BY i.n
    ON CONFLICT (queue, key) DO NOTHING
    RETURNING message_id
), accepted AS MATERIALIZED (
    SELECT i.n, i.id, i.priority, coalesce(i.run_at::timestamptz, now()) AS run_at, i.payload::jsonb AS payload,
           i.ordering_key, i.idempotency_key
    FROM input i
    WHERE i.idempotency_key IS NULL OR i.id IN (SELECT message_id FROM claimed_keys)
), ready AS (
    -- Due now: into the ready stream; later: into the scheduled table (see queue_create.sql).
    INSERT INTO {{table}} (seq, id, priority, run_at, payload, ordering_key, idempotency_key)
    SELECT a.id, a.id, a.priority, a.run_at, a.payload, a.ordering_key, a.idempotency_key
    FROM accepted a WHERE a.run_at <= now() ORDER BY a.n
), later AS (
    INSERT INTO {{scheduled}} (id, priority, run_at, payload, ordering_key, idempotency_key)
    SELECT a.id, a.priority, a.run_at, a.payload, a.ordering_key, a.idempotency_key
    FROM accepted a WHERE a.run_at > now()
)
SELECT i.n, i.id, i.idempotency_key, (i.id IN (SELECT id FROM accepted)) AS inserted
FROM input i
ORDER BY i.n
