-- One event, one durable commit (autocommit; synchronous_commit as the server has it). Parameters:
-- event id, player id, score, timestamp.
INSERT INTO bench_bare_singles (event_id, player_id, score, ts) VALUES (?, ?, ?, ?)
