-- One message and its wake-up in the producer's transaction: the NOTIFY is delivered at COMMIT.
WITH m AS (INSERT INTO bench_latency_baseline (seq) VALUES (?) RETURNING id)
SELECT pg_notify('bench_latency_baseline', '') FROM m
