-- LATEST: (xmin, 0) skips every event of a transaction that has ended (txid < xmin). Events of
-- transactions still running, or later, are delivered: at least everything committed after the
-- subscription was created, and possibly a few events of transactions that overlapped its creation.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text, 0::bigint
