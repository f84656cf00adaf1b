-- The stream's partitions, attached or detached-but-not-dropped, with their upper bound and size.
-- Names are stream_<name>_p<epoch seconds of the lower bound>; the bound is read from the name so
-- that a detached leftover of a crashed retention run is still found and finished.
SELECT c.relname,
       c.relispartition AS attached,
       coalesce(i.inhdetachpending, false) AS detach_pending,
       pg_total_relation_size(c.oid) AS bytes
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname LIKE ? ESCAPE '!'
ORDER BY c.relname
