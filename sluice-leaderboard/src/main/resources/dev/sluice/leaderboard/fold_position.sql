-- The fold position, locked for this fold (one folder at a time also holds the advisory lock).
SELECT position::text, folded_total FROM {{schema}}.leaderboard_fold FOR UPDATE
