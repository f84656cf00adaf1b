-- The same statement shape as the stream's append.sql: one INSERT ... SELECT unnest per batch.
INSERT INTO bench_bare (key, payload) SELECT k, p::jsonb FROM unnest(?::text[], ?::text[]) AS t(k, p)
