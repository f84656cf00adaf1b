-- The consumer's next batch (events between two ticks), or NULL when it has caught up.
SELECT pgq.next_batch('bench', 'bench_consumer')
