-- Rows whose message will never be handled (dead-lettered, or its queue dropped) age out.
DELETE FROM {{schema}}.trace_context WHERE created_at < now() - make_interval(secs => ?)
