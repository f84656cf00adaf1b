-- Move scheduled messages that have come due into the ready stream, in (run_at, id) order, each
-- with a fresh seq: appended after every claim position, so the next resumed claim sees it.
-- Locked rows (another process promoting them, or a retry being written) are skipped, and a
-- rolled-back promotion leaves its rows scheduled and due, so the next promotion takes them.
-- run_at is kept: "due to started" is measured from it.
-- The promotion commits without waiting for its WAL flush (Promoter sets synchronous_commit off): a
-- promotion lost in a crash loses nothing, because both halves of the move are in its one commit
-- record, so the rows are simply still scheduled and due; and a batch that handles a promoted message
-- commits after it, so that batch's own flush makes the promotion durable first. Waiting for the flush
-- here only delayed the worker thread that promotes, and held the notify lock through it.
-- Two lanes share a promotion: up to the first limit of the rows due longest, in (run_at, id) order,
-- and up to the second limit of the newest of those that came due in the last 100 ms (the lanes
-- may overlap: a row locked by the first is ours, so the second takes it again and the DELETE
-- counts it once). While a burst that came due earlier is being moved (paced, see Promoter), a
-- message coming due now (a retry, a delayed message) still moves within one promotion instead of
-- waiting for the whole burst ahead of it. Nothing is left behind: 100 ms after coming due, a row
-- is in the first lane, behind only the rows due before it.
-- Parameters: the most rows of the first lane, the most rows of the second.
WITH due AS (
    DELETE FROM {{scheduled}} s
    WHERE s.id = ANY (ARRAY(
        SELECT t.id FROM {{scheduled}} t
        WHERE t.run_at <= now()
        ORDER BY t.run_at, t.id
        LIMIT ?
        FOR UPDATE SKIP LOCKED) || ARRAY(
        SELECT t.id FROM {{scheduled}} t
        WHERE t.run_at <= now() AND t.run_at > now() - interval '100 milliseconds'
        ORDER BY t.run_at DESC, t.id DESC
        LIMIT ?
        FOR UPDATE SKIP LOCKED))
    RETURNING s.*
)
INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
SELECT d.id, d.priority, d.run_at, d.enqueued_at, d.attempts, d.payload, d.ordering_key, d.dedupe_key, d.idempotency_key, d.last_error
FROM due d
ORDER BY d.run_at, d.id
