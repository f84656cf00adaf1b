-- Events of one HTTP ingest run that committed (ingest appends them to score_event_ids; the archive,
-- score_events, fills at the next fold): their ids all start with the run's prefix.
-- Parameter: the prefix as a LIKE pattern (escaped, ending in %).
SELECT count(*) FROM {{schema}}.score_event_ids WHERE event_id LIKE ?
