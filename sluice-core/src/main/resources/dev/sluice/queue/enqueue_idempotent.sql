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
), inserted AS (
    INSERT INTO {{table}} (id, priority, run_at, payload, ordering_key, idempotency_key)
    SELECT i.id, i.priority, coalesce(i.run_at::timestamptz, now()), i.payload::jsonb, i.ordering_key, i.idempotency_key
    FROM input i
    WHERE i.idempotency_key IS NULL OR i.id IN (SELECT message_id FROM claimed_keys)
    ORDER BY i.n
    RETURNING id
)
SELECT i.n, i.id, i.idempotency_key, (i.id IN (SELECT id FROM inserted)) AS inserted
FROM input i
ORDER BY i.n
