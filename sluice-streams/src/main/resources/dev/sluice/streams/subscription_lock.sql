-- One batch at a time per subscription, across all processes: a transaction-scoped advisory lock,
-- tried, not waited for (another process holds it: this one looks again later). It is released at
-- commit or rollback, and when a crashed consumer's connection goes away. Taking it assigns no
-- transaction id, so a waiting consumer never holds back the xmin that batches are cut at.
SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))
