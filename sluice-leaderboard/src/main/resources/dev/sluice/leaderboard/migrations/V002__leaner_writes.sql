-- Leaner writes, measured with the leaderboard benchmark (sluice-examples, LeaderboardBenchmark):
-- * No query ranks by total, so its index only cost a write per upsert, and because total changes on
--   every upsert it made every aggregate update a non-HOT update (all indexes rewritten). Without it,
--   an update that does not raise a player's best (most of them in the 1d and all-time windows)
--   touches no indexed column and can be a HOT update, given free space on the page: fillfactor 80.
-- * Nothing reads events by (player_id, ts); the index was a second write per event.
DROP INDEX IF EXISTS {{schema}}.leaderboard_scores_rank_total;
ALTER TABLE {{schema}}.leaderboard_scores SET (fillfactor = 80);
-- (PostgreSQL's name for the unnamed index of V001; dropping a partitioned index drops its partitions' too)
DROP INDEX IF EXISTS {{schema}}.score_events_player_id_ts_idx;
