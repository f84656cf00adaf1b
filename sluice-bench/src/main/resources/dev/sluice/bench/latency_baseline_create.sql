-- The latency baseline's plain table: no Sluice, one row per message, keyed by its sequence number.
DROP TABLE IF EXISTS bench_latency_baseline;
CREATE TABLE bench_latency_baseline (id bigserial PRIMARY KEY, seq int NOT NULL)
