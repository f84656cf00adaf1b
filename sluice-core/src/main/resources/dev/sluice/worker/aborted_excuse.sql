-- Excuse the batch-mates that a suspect's batch puts back untouched (release.sql) from that batch's
-- abort: they were claimed, never handed to the handler, so if the suspect kills the worker, its
-- crash must not count against them (aborted_record.sql skips an abort a message is excused from).
-- Autocommit, on a connection other than the batch's, before the handler runs.
-- Parameters: the ids put back (bigint[]), the batch's transaction id (xid8 as text).
INSERT INTO {{schema}}.aborted_deliveries (queue, id, xid, excused)
SELECT {{queue_literal}}, i, ?::xid8, true FROM unnest(?::bigint[]) AS i
ON CONFLICT DO NOTHING
