-- Slots of one queue worth truncating: not the slot taking new messages now, holding pages on disk,
-- and with no row visible (neither pending nor in flight). Parameters: rotation seconds, slots.
SELECT s.slot, s.partition
FROM (
    SELECT c.relname AS partition, substring(c.relname FROM '_([0-9]+)$')::int AS slot, c.oid
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = to_regclass({{table_literal}})
) s
WHERE s.slot <> {{schema}}.slot_at(clock_timestamp(), ?, ?)
  AND pg_relation_size(s.oid) > 0
