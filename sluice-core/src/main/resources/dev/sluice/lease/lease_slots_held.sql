-- How many of the queue's concurrency slots live lease claims hold now (lease_slots_held, migration 8).
SELECT count(*) FROM {{schema}}.lease_slots_held({{queue_literal}})
