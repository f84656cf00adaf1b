-- Move scheduled messages that have come due into the ready stream, in (run_at, id) order, each
-- with a fresh seq: appended after every claim position, so the next resumed claim sees it.
-- Locked rows (another process promoting them, or a retry being written) are skipped, and a
-- rolled-back promotion leaves its rows scheduled and due, so the next promotion takes them.
-- run_at is kept: "due to started" is measured from it. Parameter: the most rows to move.
WITH due AS (
    DELETE FROM {{scheduled}} s
    WHERE s.id = ANY (ARRAY(
        SELECT t.id FROM {{scheduled}} t
        WHERE t.run_at <= now()
        ORDER BY t.run_at, t.id
        LIMIT ?
        FOR UPDATE SKIP LOCKED))
    RETURNING s.*
)
INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
SELECT d.id, d.priority, d.run_at, d.enqueued_at, d.attempts, d.payload, d.ordering_key, d.dedupe_key, d.idempotency_key, d.last_error
FROM due d
ORDER BY d.run_at, d.id
