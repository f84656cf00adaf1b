-- Retention, step 1, in autocommit (CONCURRENTLY cannot run in a transaction block): DETACH
-- CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, so appends and reads go on while it waits for the
-- transactions that may still read the partition. Step 2 (partition_drop.sql) touches only the
-- detached table.
ALTER TABLE {{table}} DETACH PARTITION {{partition}} CONCURRENTLY
