-- One earlier finish per player, so the view has the size of a real leaderboard. Parameter: players.
INSERT INTO literal.events (event_type, payload, ts)
SELECT 'finish', jsonb_build_object('player_id', 'p' || g, 'score', (g * 7919) % 1000000), now() - interval '1 hour' + (g % 3600) * interval '1 second'
FROM generate_series(1, ?) g
