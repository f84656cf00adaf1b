INSERT INTO literal.events (event_type, payload, ts) VALUES ('finish', jsonb_build_object('player_id', ?::text, 'score', ?::bigint), now())
