-- Takes one of the queue's N concurrency slots for this batch transaction, inside it, before the
-- claim (and in the same round trip): a transaction-level advisory lock (key, s) for the first s in
-- 1..N that is free, N read from the catalogue now (so a lowered limit applies at the next claim).
-- A slot is also busy while a live lease claim holds it (leased consumers count against the same
-- limit: take_slot and lease_slots in migration 8). No row: every slot is taken and the worker does
-- not claim. A queue with no limit returns slot 0.
-- INVARIANT: a batch of a limited queue runs only while its transaction holds one of the slots 1..N
-- that no live lease claim holds; the lock ends with the transaction (commit, rollback, crash, lost
-- connection), so at most N batches and lease claims hold slots at once cluster-wide, and a batch's
-- slot cannot leak. take_slot looks for lease claims after it got the lock, with a fresh snapshot
-- (see migration 8 for why that is enough). The SET TRANSACTION matches the claim's, which then
-- repeats it (allowed after a query only when the level does not change).
-- The key is hashtext of the schema and queue: two queues whose names collide share their slots,
-- which can only make a limit stricter, never looser.
-- Parameters: the queue name.
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SELECT s.n
FROM (SELECT {{schema}}.take_slot(?, hashtext('sluice.limit:' || {{channel_literal}}), NULL) AS n) s
WHERE s.n IS NOT NULL
