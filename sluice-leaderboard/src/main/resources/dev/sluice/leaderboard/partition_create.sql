-- A new partition without holding up ingest. CREATE TABLE ... PARTITION OF takes an ACCESS EXCLUSIVE
-- lock on the events table: queued behind any long reader, it would stop every insert behind it.
-- ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE, which inserts and reads do not conflict with; the
-- CHECK constraint matching the bounds lets it skip the scan for rows outside them.
CREATE TABLE {{partition}} (LIKE {{schema}}.score_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE {{partition}} ADD CONSTRAINT {{check_name}} CHECK (ts >= {{from_literal}} AND ts < {{to_literal}});
ALTER TABLE {{schema}}.score_events ATTACH PARTITION {{partition}} FOR VALUES FROM ({{from_literal}}) TO ({{to_literal}})
