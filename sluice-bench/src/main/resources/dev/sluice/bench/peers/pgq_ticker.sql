-- What pgqd runs: ticks every queue whose ticker limits are reached. Only one caller at a time (PgQ's rule).
SELECT pgq.ticker()
