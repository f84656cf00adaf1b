-- Record a claimed batch before its handler runs (see V002, deliveries). Autocommit, on a
-- connection other than the batch's. Parameters: the batch transaction's id (text), the message ids.
INSERT INTO {{schema}}.deliveries (xid, queue, ids) VALUES (?::xid8, {{queue_literal}}, ?::bigint[])
