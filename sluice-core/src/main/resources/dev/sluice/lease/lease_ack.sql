-- Acknowledge leased messages: they are done and removed. Only while the lease is held: an expired
-- lease (deadline passed, maybe redelivered already) acknowledges nothing, and the caller reports
-- the ids it did not get back as lost. Parameters: token, ids (null: every message of the token).
DELETE FROM {{schema}}.leases l
WHERE l.token = ?::uuid AND l.queue = {{queue_literal}}
  AND (?::bigint[] IS NULL OR l.id = ANY (?::bigint[]))
  AND l.deadline > clock_timestamp()
RETURNING l.id
