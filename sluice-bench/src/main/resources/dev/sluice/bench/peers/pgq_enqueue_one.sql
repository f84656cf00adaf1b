SELECT pgq.insert_event('bench', 'noop', ?)
