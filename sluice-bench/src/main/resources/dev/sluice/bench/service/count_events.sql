-- Events of one HTTP ingest run that committed: their ids all start with the run's prefix.
-- Parameter: the prefix as a LIKE pattern (escaped, ending in %).
SELECT count(*) FROM {{schema}}.score_events WHERE event_id LIKE ?
