SELECT q.paused, q.processed_total, q.failed_total, q.dead_total,
       r.depth + s.depth AS depth, r.depth + s.due AS ready,
       coalesce(extract(epoch FROM now() - least(r.oldest, s.oldest)), 0)::float8 AS oldest_ready_seconds,
       (SELECT count(*) FROM {{schema}}.dead_letters d WHERE d.queue = q.name) AS dead_letters
FROM {{schema}}.queues q
CROSS JOIN (SELECT count(*) AS depth, min(run_at) AS oldest FROM {{table}}) r
CROSS JOIN (
    SELECT count(*) AS depth, count(*) FILTER (WHERE run_at <= now()) AS due,
           min(run_at) FILTER (WHERE run_at <= now()) AS oldest
    FROM {{scheduled}}
) s
WHERE q.name = ?
