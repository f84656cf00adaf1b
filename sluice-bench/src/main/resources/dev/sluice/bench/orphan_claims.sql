-- Statements on a queue's table still running on the server after their client closed its pool: a
-- claim slow enough to outlive its window would otherwise keep burning CPU in the next one.
-- Parameter: a LIKE pattern matching the queue table's quoted name, e.g. %"q_held"%.
SELECT pid
FROM pg_stat_activity
WHERE datname = current_database()
  AND pid <> pg_backend_pid()
  AND state = 'active'
  AND query LIKE ?
