-- Batch enqueue without idempotency keys: one statement for the whole batch.
-- Parameters: priorities smallint[], run_at text[] (null: now), payloads text[] (JSON), ordering keys text[].
INSERT INTO {{table}} (priority, run_at, payload, ordering_key)
SELECT m.priority, coalesce(m.run_at::timestamptz, now()), m.payload::jsonb, m.ordering_key
FROM unnest(?::smallint[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS m(priority, run_at, payload, ordering_key, n)
ORDER BY m.n
RETURNING id
