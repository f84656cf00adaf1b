-- Retention, step 1, in autocommit (CONCURRENTLY cannot run in a transaction block). DROP TABLE of an
-- attached partition would take ACCESS EXCLUSIVE on the events table and stop ingest while it waits
-- for readers; DETACH ... CONCURRENTLY takes SHARE UPDATE EXCLUSIVE and waits for the transactions
-- that may still read the partition. Step 2 (partition_drop.sql) then touches only the detached table.
ALTER TABLE {{schema}}.score_events DETACH PARTITION {{partition}} CONCURRENTLY
