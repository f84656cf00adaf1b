-- Whether a partition of the events table is half detached (its concurrent detach was interrupted).
SELECT i.inhdetachpending
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass({{events_literal}}) AND c.relname = ?
