-- Every transaction id below this had been assigned when the snapshot was taken: once the fold's xmin
-- reaches it, every transaction that had started by then has ended and its events are folded.
SELECT pg_snapshot_xmax(pg_current_snapshot())::text
