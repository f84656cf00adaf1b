-- Redeliver expired leases (deadline passed: the holder crashed, hung, or lost its connection):
-- back into the ready stream at once with a fresh seq (its NOTIFY trigger wakes idle workers), or
-- into the dead letters once a message has used max_attempts deliveries: a message that crashes
-- every worker that takes it ends there instead of looping. Run by maintenance in every process,
-- about once a second; concurrent runs skip each other's rows. At most 1,000 per run per queue.
WITH expired AS (
    DELETE FROM {{schema}}.leases l
    WHERE (l.queue, l.id) IN (
        SELECT x.queue, x.id FROM {{schema}}.leases x
        WHERE x.queue = {{queue_literal}} AND x.deadline <= clock_timestamp()
        ORDER BY x.deadline
        LIMIT 1000
        FOR UPDATE SKIP LOCKED)
      AND l.deadline <= clock_timestamp()
    RETURNING l.*
), ready AS (
    INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
    SELECT e.id, e.priority, e.run_at, e.enqueued_at, e.attempts, e.payload, e.ordering_key, e.dedupe_key, e.idempotency_key,
           'Leased, but the lease expired before it was acknowledged (the consumer crashed, hung or lost its connection).'
    FROM expired e WHERE e.attempts < e.max_attempts
    ORDER BY e.id
    RETURNING id
), dead AS (
    INSERT INTO {{schema}}.dead_letters (id, queue, priority, payload, ordering_key, dedupe_key, idempotency_key, attempts, enqueued_at, last_error)
    SELECT e.id, e.queue, e.priority, e.payload, e.ordering_key, e.dedupe_key, e.idempotency_key, e.attempts, e.enqueued_at,
           'Leased ' || e.attempts || ' times (maxAttempts) without being acknowledged; the last lease expired.'
    FROM expired e WHERE e.attempts >= e.max_attempts
    RETURNING id
)
SELECT (SELECT count(*) FROM ready), (SELECT count(*) FROM dead)
