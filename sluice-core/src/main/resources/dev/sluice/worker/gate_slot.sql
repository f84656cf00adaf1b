-- Takes one of the queue's N concurrency slots for this batch transaction, inside it, before the
-- claim (and in the same round trip): a transaction-level advisory lock (key, s) for the first free
-- s in 1..N, N read from the catalogue now (so a lowered limit applies at the next claim). No row:
-- every slot is taken and the worker does not claim. A queue with no limit returns slot 0.
-- INVARIANT: a batch of a limited queue runs only while its transaction holds one of the slots
-- 1..N; the lock ends with the transaction (commit, rollback, crash, lost connection), so at most N
-- batches run at once cluster-wide, and a slot cannot leak. The SET TRANSACTION matches the
-- claim's, which then repeats it (allowed after a query only when the level does not change).
-- No ORDER BY: a sort would evaluate the try-lock on every s and take them all; the nested loop
-- tries s = 1, 2, ... in generate_series order and LIMIT 1 stops at the first lock it gets.
-- The key is hashtext of the schema and queue: two queues whose names collide share their slots,
-- which can only make a limit stricter, never looser.
-- Parameters: the queue name.
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SELECT s.n
FROM {{schema}}.queues q
CROSS JOIN LATERAL generate_series(1, coalesce(q.max_concurrent_batches, 1)) AS s(n)
WHERE q.name = ?
  AND (q.max_concurrent_batches IS NULL OR pg_try_advisory_xact_lock(hashtext('sluice.limit:' || {{channel_literal}}), s.n))
LIMIT 1
