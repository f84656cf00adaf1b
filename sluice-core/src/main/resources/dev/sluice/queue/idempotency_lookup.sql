SELECT key, message_id FROM {{schema}}.idempotency_keys WHERE queue = ? AND key = ANY (?::text[])
