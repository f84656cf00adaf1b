-- The server settings a durable figure depends on, recorded with every run.
SELECT name, setting || coalesce(unit, '') FROM pg_settings
WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers',
               'max_wal_size', 'checkpoint_timeout', 'wal_level', 'commit_delay')
ORDER BY name
