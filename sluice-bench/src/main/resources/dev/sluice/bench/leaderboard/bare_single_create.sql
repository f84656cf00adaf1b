-- The single-event floor: a plain table with a primary key, written one row per autocommit INSERT,
-- beside Sluice's single-event ingest on the same pool: what one durable commit costs on this server
-- and connection type, so Sluice's single ingest p99 can be read against it.
DROP TABLE IF EXISTS bench_bare_singles;
CREATE TABLE bench_bare_singles (
    event_id   text        PRIMARY KEY,
    player_id  text        NOT NULL,
    score      bigint      NOT NULL,
    ts         timestamptz NOT NULL
)
