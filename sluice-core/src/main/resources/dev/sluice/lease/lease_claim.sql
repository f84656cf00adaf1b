-- Lease up to N ready messages in one autocommit statement: take them out of the ready stream and
-- into the leases table with one attempt counted, one token for the claim and a deadline. Commits
-- at once; the handler runs after, outside any transaction.
-- The queue's global limits come first, in this statement (lease_gate, migration 8): a slot when it
-- has maxConcurrentBatches (held by the token until its last lease is settled or expired), tokens
-- when it has a rateLimit; the claim takes at most what was granted.
-- Claim order and the ordering-key rule are those of worker/claim.sql (an earlier message with the
-- same key still ready, scheduled, in a batch or leased holds a message back), but the scan starts
-- at the beginning of the ready stream: lease claims keep no position.
-- INVARIANT: DELETE ... RETURNING feeds the INSERT in the same statement, so a message is either
-- still ready or leased, never both and never neither. Rows locked by other claims are skipped.
-- One row per leased message, each with the gate's outcome (granted, wait_ms, held_back, took_tokens); a single
-- row with null message columns when none was leased.
-- Parameters: the most messages, the token (uuid), max attempts, the token again, the lease in seconds.
WITH gate AS MATERIALIZED (
    SELECT g.granted, g.wait_ms, g.held_back, g.took_tokens
    FROM {{schema}}.lease_gate({{queue_literal}}, ?, ?::uuid, hashtext('sluice.limit:' || {{channel_literal}})) g
), picked AS (
    SELECT q.priority, q.seq
    FROM {{table}} q
    WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.queues p WHERE p.name = {{queue_literal}} AND p.paused)
      AND (q.ordering_key IS NULL OR (
            NOT EXISTS (SELECT 1 FROM {{table}} e WHERE e.ordering_key = q.ordering_key AND e.id < q.id)
        AND NOT EXISTS (SELECT 1 FROM {{scheduled}} e WHERE e.ordering_key = q.ordering_key AND e.id < q.id)
        AND NOT EXISTS (SELECT 1 FROM {{schema}}.leases e
                        WHERE e.queue = {{queue_literal}} AND e.ordering_key = q.ordering_key AND e.id < q.id)))
    ORDER BY q.priority, q.seq
    LIMIT (SELECT coalesce(g.granted, 0) FROM gate g)
    FOR UPDATE SKIP LOCKED
), taken AS (
    DELETE FROM {{table}} d USING picked p
    WHERE d.priority = p.priority AND d.seq = p.seq
    RETURNING d.*
), leased AS (
    INSERT INTO {{schema}}.leases (queue, id, priority, run_at, enqueued_at, attempts, max_attempts, payload, ordering_key,
                                   dedupe_key, idempotency_key, last_error, token, deadline)
    SELECT {{queue_literal}}, t.id, t.priority, t.run_at, t.enqueued_at, t.attempts + 1, ?, t.payload, t.ordering_key,
           t.dedupe_key, t.idempotency_key, t.last_error, ?::uuid, clock_timestamp() + make_interval(secs => ?)
    FROM taken t
    RETURNING id, priority, payload::text AS payload, attempts, enqueued_at, run_at, ordering_key, dedupe_key, idempotency_key, deadline
)
SELECT l.id, l.priority, l.payload, l.attempts, l.enqueued_at, l.run_at, l.ordering_key, l.dedupe_key, l.idempotency_key, l.deadline,
       g.granted, g.wait_ms, g.held_back, g.took_tokens
FROM gate g LEFT JOIN leased l ON true
