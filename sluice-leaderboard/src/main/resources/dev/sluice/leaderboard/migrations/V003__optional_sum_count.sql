-- Sum and count are optional aggregates (LeaderboardConfig.aggregates): NULL when not kept.
ALTER TABLE {{schema}}.leaderboard_scores ALTER COLUMN total DROP NOT NULL;
ALTER TABLE {{schema}}.leaderboard_scores ALTER COLUMN events DROP NOT NULL;
