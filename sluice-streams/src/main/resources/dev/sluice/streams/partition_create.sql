-- A partition covering [from, to) of append time, created intervals ahead so appends never wait for
-- DDL. CREATE TABLE ... PARTITION OF would take ACCESS EXCLUSIVE on the stream table and, queued behind
-- a long reader, stop every append behind it; ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE, which
-- appends and reads do not conflict with, and the CHECK matching the bounds lets it skip the scan.
CREATE TABLE {{partition}} (LIKE {{table}} INCLUDING DEFAULTS);
ALTER TABLE {{partition}} ADD CONSTRAINT {{check_name}} CHECK (appended_at >= {{from_literal}} AND appended_at < {{to_literal}});
ALTER TABLE {{table}} ATTACH PARTITION {{partition}} FOR VALUES FROM ({{from_literal}}) TO ({{to_literal}})
