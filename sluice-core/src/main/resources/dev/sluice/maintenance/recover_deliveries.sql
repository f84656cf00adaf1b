-- Settle the delivery records of batches that ended. Committed: forgotten. Aborted (or too old to
-- tell): one attempt is counted for each of its messages still pending, ready or scheduled, and
-- each is marked as a crash suspect (last_error below; claim.sql reads the mark): a batch holding a
-- suspect runs that one message alone, so that one message that kills its worker does not charge
-- its batch-mates with its crashes. The next claim dead-letters those that have reached
-- maxAttempts without running the handler. Runs in
-- one transaction with a short lock_timeout: a message claimed again meanwhile is locked, and the
-- whole settlement is retried on the next round instead of waiting for that batch.
WITH ended AS (
    DELETE FROM {{schema}}.deliveries d
    WHERE d.queue = {{queue_literal}}
      AND pg_xact_status(d.xid) IS DISTINCT FROM 'in progress'
    RETURNING d.ids, pg_xact_status(d.xid) AS status
), aborted AS (
    SELECT DISTINCT unnest(e.ids) AS id FROM ended e WHERE e.status IS DISTINCT FROM 'committed'
), ready AS (
    UPDATE {{table}} q SET attempts = q.attempts + 1, last_error = {{aborted_delivery}} FROM aborted a WHERE q.id = a.id RETURNING q.id
), later AS (
    UPDATE {{scheduled}} s SET attempts = s.attempts + 1, last_error = {{aborted_delivery}} FROM aborted a WHERE s.id = a.id RETURNING s.id
)
SELECT (SELECT count(*) FROM ready) + (SELECT count(*) FROM later)
