-- Autocommit, before the batch transaction (see take_tokens in migration 5).
SELECT granted, wait_ms FROM {{schema}}.take_tokens(?, ?)
