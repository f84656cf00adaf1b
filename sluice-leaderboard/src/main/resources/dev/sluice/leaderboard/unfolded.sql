-- Events ingested and not yet in this process's memory (at or above its tail position). Parameter: position.
SELECT count(*) FROM {{schema}}.score_event_ids WHERE txid >= ?::xid8
