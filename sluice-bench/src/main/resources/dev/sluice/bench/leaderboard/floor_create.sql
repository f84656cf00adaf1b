-- The floor: a plain events table with a primary key, nothing else (no partitions, windows or ids table).
DROP TABLE IF EXISTS bench_floor_events;
CREATE TABLE bench_floor_events (
    event_id   text        PRIMARY KEY,
    player_id  text        NOT NULL,
    score      bigint      NOT NULL,
    ts         timestamptz NOT NULL
)
