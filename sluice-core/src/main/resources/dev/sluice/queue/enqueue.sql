-- Batch enqueue without idempotency keys: one statement for the whole batch. Due messages go to
-- the ready stream, later ones to the scheduled table. Ids are taken in input order and returned
-- in input order. Parameters: priorities smallint[], run_at text[] (null: now), payloads text[]
-- (JSON), ordering keys text[].
WITH input AS MATERIALIZED (
    SELECT m.n, m.priority, coalesce(m.run_at::timestamptz, now()) AS run_at, m.payload::jsonb AS payload,
           m.ordering_key, nextval('{{sequence}}') AS id
    FROM unnest(?::smallint[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS m(priority, run_at, payload, ordering_key, n)
), ready AS (
    -- A fresh id is a fresh claim position too: seq = id saves a second nextval per message.
    INSERT INTO {{table}} (seq, id, priority, run_at, payload, ordering_key)
    SELECT i.id, i.id, i.priority, i.run_at, i.payload, i.ordering_key FROM input i WHERE i.run_at <= now() ORDER BY i.n
), later AS (
    INSERT INTO {{scheduled}} (id, priority, run_at, payload, ordering_key)
    SELECT i.id, i.priority, i.run_at, i.payload, i.ordering_key FROM input i WHERE i.run_at > now()
)
SELECT i.id FROM input i ORDER BY i.n
