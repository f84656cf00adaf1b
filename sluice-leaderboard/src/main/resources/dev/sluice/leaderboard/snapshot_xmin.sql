-- Every transaction with an id below this has ended (V005). Taken in its own statement, before any
-- event is read, while the folding transaction has no id of its own.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text
