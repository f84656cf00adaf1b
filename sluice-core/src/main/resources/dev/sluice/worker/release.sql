-- Put a claimed message back untouched, inside the batch's transaction: its handler never ran on
-- it alone (the isolation budget of a failing batch was spent first), so no attempt is counted. It
-- re-enters the ready stream with a fresh seq, ahead of every claim position.
-- A crash suspect keeps its mark (see recover_deliveries.sql).
-- Parameters: id, priority, run_at, enqueued_at, attempts, payload, ordering key, dedupe key,
-- idempotency key, suspect.
INSERT INTO {{table}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, CASE WHEN ? THEN {{aborted_delivery}} END)
