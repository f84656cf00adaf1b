-- The queue's limits, as workers cache them to decide whether to consult the gate at all.
SELECT q.max_concurrent_batches, q.rate_limit, q.rate_burst FROM {{schema}}.queues q WHERE q.name = ?
