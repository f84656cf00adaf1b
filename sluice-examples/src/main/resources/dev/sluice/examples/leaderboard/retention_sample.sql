-- A past day's partition filled with a sample of events, for timing retention. Parameters: rows.
INSERT INTO {{schema}}.score_events (event_id, player_id, score, ts)
SELECT 'old-' || g, 'p' || (g % 100000), g % 100000, {{day_literal}}::timestamptz + (g % 86400) * interval '1 second'
FROM generate_series(1, ?) g
