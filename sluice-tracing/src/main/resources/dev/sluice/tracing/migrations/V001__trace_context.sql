-- The W3C trace context of the code that enqueued a message, kept beside the queue (whose layout
-- belongs to sluice-core) and keyed by queue and message id. Written in the enqueuing transaction,
-- so a worker that can claim the message can also read its row; deleted in the batch transaction
-- that handles it, so a rolled-back batch keeps it for the retry.
CREATE TABLE {{schema}}.trace_context (
    queue       text        NOT NULL,
    message_id  bigint      NOT NULL,
    traceparent text        NOT NULL,
    tracestate  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (queue, message_id)
);
-- For the purge of rows whose messages were dead-lettered or dropped with their queue.
CREATE INDEX trace_context_created_at ON {{schema}}.trace_context (created_at);
