-- Like subscription_lock.sql, but waits: for admin changes that must not interleave with a batch.
SELECT pg_advisory_xact_lock(hashtextextended(?, 0))
