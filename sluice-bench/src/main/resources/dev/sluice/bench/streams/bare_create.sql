-- The floor: a plain events table with a sequence id and one index, no partitions, no txid, no trigger.
DROP TABLE IF EXISTS bench_bare;
CREATE TABLE bench_bare (id bigserial PRIMARY KEY, key text, payload jsonb NOT NULL);
DROP TABLE IF EXISTS bench_bare_position;
CREATE TABLE bench_bare_position (name text PRIMARY KEY, position bigint NOT NULL)
