-- Bytes used by stored events (all partitions, with indexes and TOAST) and their id index, and the row count.
SELECT (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass({{events_literal}}))
       + pg_total_relation_size(to_regclass({{ids_literal}})),
       (SELECT count(*) FROM {{schema}}.score_events)
