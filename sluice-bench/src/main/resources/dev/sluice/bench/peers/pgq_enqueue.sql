-- PgQ's bulk enqueue: one insert_event per element of the text[] parameter, in one statement.
SELECT pgq.insert_event('bench', 'noop', d) FROM unnest(?::text[]) AS d
