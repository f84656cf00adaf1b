-- The events table's partitions with their upper bounds, oldest first.
SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass({{events_literal}})
ORDER BY c.relname
