-- Record a failed attempt in its own committed transaction (the batch's rollback must not erase it)
-- and schedule the retry. Skips the message if another worker holds it right now.
-- Parameters: priority, id, backoff seconds, error text.
WITH target AS (
    SELECT priority, id FROM {{table}} WHERE priority = ?::smallint AND id = ? FOR UPDATE SKIP LOCKED
)
UPDATE {{table}} q
SET attempts = q.attempts + 1,
    run_at = now() + make_interval(secs => ?),
    last_error = ?
FROM target t
WHERE q.priority = t.priority AND q.id = t.id
