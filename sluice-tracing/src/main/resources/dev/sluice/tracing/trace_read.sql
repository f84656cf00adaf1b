-- Reads the claimed messages' contexts for the claim span, leaving them in place: the handle span
-- takes them afterwards (trace_take.sql), and a message that goes back to the queue keeps its row.
SELECT message_id, traceparent, tracestate
FROM {{schema}}.trace_context
WHERE queue = ? AND message_id = ANY (?::bigint[])
