-- Every transaction with an id below this has ended; every later one gets an id at or above it.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text
