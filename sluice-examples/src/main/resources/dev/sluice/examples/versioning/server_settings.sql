-- name: server_settings
-- Recorded with every run: the server and the settings that decide what a commit costs.
SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'),
       current_setting('max_connections')
