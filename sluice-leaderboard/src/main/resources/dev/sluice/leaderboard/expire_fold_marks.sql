-- Checkpoint marks behind the furthest one older than the cutoff: trimming (expire_ids.sql) only uses that
-- one and those after it. Parameter: cutoff.
DELETE FROM {{schema}}.leaderboard_fold_marks
WHERE position < (SELECT position FROM {{schema}}.leaderboard_fold_marks WHERE marked_at < ? ORDER BY position DESC LIMIT 1)
