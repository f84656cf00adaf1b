-- Queues with at least one expired lease: maintenance rescues only those (one cheap query per
-- round whatever the number of queues, and a queue created a moment ago is covered at once).
SELECT DISTINCT l.queue FROM {{schema}}.leases l WHERE l.deadline <= clock_timestamp()
