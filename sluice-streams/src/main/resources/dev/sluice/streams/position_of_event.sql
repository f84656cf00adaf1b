-- An event id: the event's own (txid, id), so delivery resumes right after it.
SELECT e.txid::text AS txid_text, e.id FROM {{table}} e WHERE e.id = ?
