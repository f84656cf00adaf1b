-- The pending messages of one queue, read without claiming or locking anything: first the ready
-- stream in claim order (priority, seq), then the scheduled table by due time (run_at, id). Each
-- side is limited on its own index before they are put together, so a deep queue is not sorted.
--
-- One statement, so one snapshot: a message being promoted (deleted from {{scheduled}} and inserted
-- into {{table}} in one transaction) shows exactly once, in one table or the other. Messages of a
-- batch in flight still show until that batch commits (its delete is not yet visible), as they
-- would return to the queue if it rolled back. Parameters: the most rows to return, twice.
SELECT m.id, m.priority, m.payload::text, m.attempts, m.enqueued_at, m.run_at, m.ordering_key, m.dedupe_key,
       m.idempotency_key, m.last_error, m.ready
FROM (
    (SELECT r.id, r.priority, r.payload, r.attempts, r.enqueued_at, r.run_at, r.ordering_key, r.dedupe_key,
            r.idempotency_key, r.last_error, true AS ready, 0 AS part, r.priority AS rank, r.seq AS position
     FROM {{table}} r
     ORDER BY r.priority, r.seq
     LIMIT ?)
    UNION ALL
    (SELECT s.id, s.priority, s.payload, s.attempts, s.enqueued_at, s.run_at, s.ordering_key, s.dedupe_key,
            s.idempotency_key, s.last_error, false, 1, 0, s.id
     FROM {{scheduled}} s
     ORDER BY s.run_at, s.id
     LIMIT ?)
) m
ORDER BY m.part, m.rank, CASE WHEN m.part = 1 THEN m.run_at END, m.position
