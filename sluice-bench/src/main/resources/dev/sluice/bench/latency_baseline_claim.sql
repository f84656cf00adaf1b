-- The textbook consumer, woken by NOTIFY: claim and remove a batch in one autocommit statement.
DELETE FROM bench_latency_baseline
WHERE id IN (SELECT id FROM bench_latency_baseline ORDER BY id FOR UPDATE SKIP LOCKED LIMIT ?)
RETURNING seq
