-- The server settings a durable figure depends on, recorded with every run.
SELECT name, current_setting(name) FROM pg_settings -- as SHOW prints it (setting || unit gave 163848kB for 16384 pages of 8kB)
WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers',
               'max_wal_size', 'checkpoint_timeout', 'wal_level', 'commit_delay')
ORDER BY name
