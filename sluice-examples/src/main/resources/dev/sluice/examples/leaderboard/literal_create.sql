-- The write-up's literal design, made real: an events table, a max-per-player-per-second
-- materialized view (date_bin stands in for the non-existent "window tumble"), a unique index so that
-- REFRESH MATERIALIZED VIEW CONCURRENTLY is allowed, and a refresh after every insert.
DROP MATERIALIZED VIEW IF EXISTS literal.v_leaderboard_1s;
DROP TABLE IF EXISTS literal.events;
CREATE SCHEMA IF NOT EXISTS literal;
CREATE TABLE literal.events (
    id          bigserial PRIMARY KEY,
    event_type  text        NOT NULL,
    payload     jsonb       NOT NULL,
    ts          timestamptz NOT NULL
);
CREATE MATERIALIZED VIEW literal.v_leaderboard_1s AS
SELECT date_bin('1 second', ts, 'epoch'::timestamptz) AS window_start,
       payload ->> 'player_id' AS player_id,
       max((payload ->> 'score')::bigint) AS score
FROM literal.events
WHERE event_type = 'finish'
GROUP BY 1, 2;
CREATE UNIQUE INDEX ON literal.v_leaderboard_1s (window_start, player_id);
