-- Move a held lease's deadline to now + the given seconds (a heartbeat, or a handler that needs
-- longer). An expired lease cannot be revived: it may already be someone else's.
-- Parameters: seconds, token, ids (null: every message of the token).
UPDATE {{schema}}.leases l SET deadline = clock_timestamp() + make_interval(secs => ?)
WHERE l.token = ?::uuid AND l.queue = {{queue_literal}}
  AND (?::bigint[] IS NULL OR l.id = ANY (?::bigint[]))
  AND l.deadline > clock_timestamp()
RETURNING l.id, l.deadline
