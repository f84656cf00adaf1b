-- The turn to publish snapshots: one instance at a time, whoever takes this transaction-scoped lock
-- (the others skip the interval). The transaction does not wait for its WAL flush at commit: a
-- snapshot is derived from the events and recomputed every interval, so one lost in a crash is
-- replaced by the next publish (which may reuse its version number; readers tell snapshots apart by
-- version and publish time), and behind a slow disk that flush was most of an event's way to the
-- subscribers. Parameter: the lock's name. Returns the lock's outcome in the second column.
SELECT set_config('synchronous_commit', 'off', true), pg_try_advisory_xact_lock(hashtext(?))
