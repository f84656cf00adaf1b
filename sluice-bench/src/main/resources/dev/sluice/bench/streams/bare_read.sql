-- The floor reader: keyset pagination by id (which skips late commits: the floor is not correct, only fast).
SELECT id, key, payload::text FROM bench_bare WHERE id > ? ORDER BY id LIMIT ?
