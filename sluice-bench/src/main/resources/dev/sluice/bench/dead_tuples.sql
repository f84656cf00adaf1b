-- Dead tuples and size of a queue's slot partitions. Parameter: the queue table name, e.g. q_bench.
SELECT coalesce(sum(s.n_dead_tup), 0), coalesce(sum(pg_relation_size(s.relid)), 0)
FROM pg_stat_user_tables s
JOIN pg_inherits i ON i.inhrelid = s.relid
JOIN pg_class p ON p.oid = i.inhparent
WHERE p.relname = ?
