SELECT q.paused, q.processed_total, q.failed_total, q.dead_total,
       r.depth + s.depth + l.leased AS depth, r.depth + s.due AS ready, l.leased,
       coalesce(extract(epoch FROM now() - least(r.oldest, s.oldest)), 0)::float8 AS oldest_ready_seconds,
       (SELECT count(*) FROM {{schema}}.dead_letters d WHERE d.queue = q.name) AS dead_letters,
       q.max_concurrent_batches, q.rate_limit, q.rate_burst,
       -- Concurrency slots held now (worker/gate_slot.sql): advisory locks (key, slot) with the
       -- queue's key, which pg_locks shows as classid = key (as an unsigned 32-bit number), objid = slot;
       -- plus the slots held by lease claims not yet settled (lease_slots_held, migration 8).
       CASE WHEN q.max_concurrent_batches IS NULL THEN 0 ELSE (
           SELECT count(*) FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
             AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
             AND l.classid::int8 = (hashtext('sluice.limit:' || {{channel_literal}})::int8 & 4294967295)
       ) + (SELECT count(*) FROM {{schema}}.lease_slots_held(q.name)) END AS batches_running
FROM {{schema}}.queues q
CROSS JOIN (SELECT count(*) AS depth, min(run_at) AS oldest FROM {{table}}) r
CROSS JOIN (
    SELECT count(*) AS depth, count(*) FILTER (WHERE run_at <= now()) AS due,
           min(run_at) FILTER (WHERE run_at <= now()) AS oldest
    FROM {{scheduled}}
) s
CROSS JOIN (SELECT count(*) AS leased FROM {{schema}}.leases x WHERE x.queue = {{queue_literal}}) l
WHERE q.name = ?
