-- Slots of one queue worth truncating: not the slot taking new messages now, and holding more than
-- 1 MB on disk. Below that, VACUUM keeps up (or the dead rows are too few to slow claims) and taking
-- the ACCESS EXCLUSIVE lock, which briefly queues claims behind it, is not worth it. Emptiness is
-- checked by the caller, under the lock. Parameters: rotation seconds, slots.
SELECT s.slot, s.partition
FROM (
    SELECT c.relname AS partition, substring(c.relname FROM '_([0-9]+)$')::int AS slot, c.oid
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = to_regclass({{table_literal}})
) s
WHERE s.slot <> {{schema}}.slot_at(clock_timestamp(), ?, ?)
  AND pg_relation_size(s.oid) > 1048576
