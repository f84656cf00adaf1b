-- The tables a benchmark run is prepared with (VACUUM ANALYZE): every table of the bench schema and the
-- baseline's tables, quoted; partitions are left out because VACUUM of their parent recurses into them.
-- Parameter: the bench schema.
SELECT format('%I.%I', n.nspname, c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND (n.nspname = ? OR (n.nspname = current_schema() AND c.relname LIKE 'bench\_%'))
ORDER BY 1
