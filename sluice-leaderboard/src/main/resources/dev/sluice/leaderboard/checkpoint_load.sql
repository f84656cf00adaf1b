-- The checkpoint on start, read in one REPEATABLE READ snapshot with its position (checkpoint_position
-- without the lock), so rows and position match: the tail then folds only events at or above it into
-- these windows. Parameter: the checkpointed window names.
SELECT window_name, window_start, player_id, best, reached_at, total, events
FROM {{schema}}.leaderboard_scores
WHERE window_name = ANY (?::text[])
