-- Empty rank-count rows of expired instances of one window (their players were dropped by
-- expire_windows.sql). Only empty rows: a late event may still count a player there, and an ingest
-- that meets a row being deleted inserts it afresh. Parameters: window, cutoff.
DELETE FROM {{schema}}.leaderboard_rank_counts WHERE window_name = ? AND window_start < ? AND players = 0
