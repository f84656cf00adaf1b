-- The textbook SKIP LOCKED consumer: one statement per batch, autocommit.
DELETE FROM bench_baseline
WHERE id IN (SELECT id FROM bench_baseline ORDER BY id FOR UPDATE SKIP LOCKED LIMIT ?)
RETURNING id, payload
