-- Forget the aborted deliveries of messages whose delivery this batch ends (acknowledged, failed
-- with the count folded into attempts, or dead-lettered), and the excuses this batch wrote for the
-- batch-mates it puts back (needed only if it aborts), inside the batch's transaction: if the batch
-- aborts too, all of them stay, and the next claim adds this abort to the records.
-- Parameters: the message ids (bigint[]), the batch's transaction id (xid8 as text).
DELETE FROM {{schema}}.aborted_deliveries
WHERE queue = {{queue_literal}} AND (id = ANY (?::bigint[]) OR (excused AND xid = ?::xid8))
