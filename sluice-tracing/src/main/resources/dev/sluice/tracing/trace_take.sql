-- Reads and removes the batch's contexts in the batch transaction: commit with the acknowledgement
-- removes them; a rollback (failure, crash) keeps them for the next attempt.
DELETE FROM {{schema}}.trace_context
WHERE queue = ? AND message_id = ANY (?::bigint[])
RETURNING message_id, traceparent, tracestate
