-- Put a failed message back, inside the batch's transaction (its claim deleted it), with one more
-- attempt counted, as scheduled for its retry time; promotion moves it into the ready stream with
-- a fresh seq once due. Committed with the rest of the batch, so the count survives even though
-- the handler's own writes for this message were rolled back to a savepoint.
-- Parameters: id, priority, backoff seconds, enqueued_at, attempts, payload, ordering key, dedupe key,
-- idempotency key, error text.
INSERT INTO {{scheduled}} (id, priority, run_at, enqueued_at, attempts, payload, ordering_key, dedupe_key, idempotency_key, last_error)
VALUES (?, ?, now() + make_interval(secs => ?), ?, ?, ?::jsonb, ?, ?, ?, ?)
