-- Fail leased messages: each goes back to the queue's scheduled table for a retry after an
-- exponential backoff with jitter (half to all of base x 2^(attempts-1), capped; as
-- worker/Backoff), or to the dead letters once it has used max_attempts deliveries. The attempt
-- was counted at claim, so none is added here. One statement: nothing lost, nothing doubled.
-- Parameters: token, ids (null: all of the token), base seconds, max seconds, error text.
WITH failed AS (
    DELETE FROM {{schema}}.leases l
    WHERE l.token = ?::uuid AND l.queue = {{queue_literal}}
      AND (?::bigint[] IS NULL OR l.id = ANY (?::bigint[]))
      AND l.deadline > clock_timestamp()
    RETURNING l.*, least(?::float8 * power(2, least(l.attempts - 1, 40)), ?::float8) * (0.5 + random() * 0.5) AS backoff,
              ?::text AS error
), retried AS (
    INSERT INTO {{scheduled}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
    SELECT f.id, f.priority, now() + make_interval(secs => f.backoff), f.enqueued_at, f.attempts, f.payload, f.ordering_key,
           f.dedupe_key, f.idempotency_key, f.error
    FROM failed f WHERE f.attempts < f.max_attempts
    RETURNING id
), dead AS (
    INSERT INTO {{schema}}.dead_letters (id, queue, priority, payload, ordering_key, dedupe_key, idempotency_key, attempts, enqueued_at, last_error)
    SELECT f.id, f.queue, f.priority, f.payload, f.ordering_key, f.dedupe_key, f.idempotency_key, f.attempts, f.enqueued_at, f.error
    FROM failed f WHERE f.attempts >= f.max_attempts
    RETURNING id
)
SELECT id, false AS dead FROM retried
UNION ALL
SELECT id, true FROM dead
