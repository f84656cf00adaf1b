SELECT q.paused, q.processed_total, q.failed_total, q.dead_total,
       m.depth, m.ready, m.oldest_ready_seconds,
       (SELECT count(*) FROM {{schema}}.dead_letters d WHERE d.queue = q.name) AS dead_letters
FROM {{schema}}.queues q
CROSS JOIN (
    SELECT count(*) AS depth,
           count(*) FILTER (WHERE run_at <= now()) AS ready,
           coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0)::float8 AS oldest_ready_seconds
    FROM {{table}}
) m
WHERE q.name = ?
