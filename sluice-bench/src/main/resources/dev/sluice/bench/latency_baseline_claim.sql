-- The textbook consumer, woken by NOTIFY: claim and remove a batch; the consumer stamps the rows, then
-- commits (Sluice's handler starts at the same point: claimed, before the acknowledging commit).
DELETE FROM bench_latency_baseline
WHERE id IN (SELECT id FROM bench_latency_baseline ORDER BY id FOR UPDATE SKIP LOCKED LIMIT ?)
RETURNING seq
