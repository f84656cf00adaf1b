-- name: schema_vacuum
-- After the seed, outside every clock: sets the hint bits and the visibility map of the freshly
-- loaded tables and refreshes their statistics, so that neither pipeline's first run pays for the
-- seed (the first reader of a new row dirties its page) nor meets the insert-triggered autovacuum
-- of millions of rows half-way through. Runs in autocommit (VACUUM cannot run in a transaction).
VACUUM (ANALYZE) {{schema}}.users, {{schema}}.products
