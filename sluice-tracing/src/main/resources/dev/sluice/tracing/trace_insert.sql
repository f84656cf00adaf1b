-- One row per newly enqueued message (duplicates keep the first message's context), in the enqueuing transaction.
INSERT INTO {{schema}}.trace_context (queue, message_id, traceparent, tracestate)
SELECT ?, id, ?, ? FROM unnest(?::bigint[]) AS t(id)
ON CONFLICT (queue, message_id) DO NOTHING
