-- The server settings a durable-commit benchmark must state (recorded in the JSON line).
SELECT name, setting || coalesce(unit, '') FROM pg_settings
WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'wal_level',
               'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'max_connections', 'data_checksums')
ORDER BY name
