-- Events up to the last tick the consumer has not finished, plus one if a batch is open.
SELECT coalesce(pending_events, 0) + CASE WHEN current_batch IS NULL THEN 0 ELSE 1 END
FROM pgq.get_consumer_info('bench', 'bench_consumer')
