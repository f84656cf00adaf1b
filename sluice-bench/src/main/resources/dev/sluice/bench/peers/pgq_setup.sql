-- PgQ in this (fresh) database: the extension, one queue and its one consumer. Ticks (which cut
-- the event stream into batches) come from the benchmark's ticker thread in place of pgqd: a tick
-- is made when 500 events (PgQ's default) or 10 ms (default 3 s, lowered for latency) have passed.
CREATE EXTENSION IF NOT EXISTS pgq;
SELECT pgq.create_queue('bench');
SELECT pgq.set_queue_config('bench', 'ticker_max_count', '500');
SELECT pgq.set_queue_config('bench', 'ticker_max_lag', '10 milliseconds');
SELECT pgq.register_consumer('bench', 'bench_consumer');
