-- The hand-written baseline: a plain table, no Sluice.
DROP TABLE IF EXISTS bench_baseline;
CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, payload jsonb NOT NULL);
