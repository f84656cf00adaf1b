-- The server settings a durable-commit benchmark must state (recorded in the JSON line).
SELECT name, current_setting(name) FROM pg_settings -- as SHOW prints it (setting || unit gave 163848kB for 16384 pages of 8kB)
WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'wal_level',
               'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'max_connections', 'data_checksums')
ORDER BY name
