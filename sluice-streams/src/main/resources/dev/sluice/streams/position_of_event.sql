-- An event id: the event's own (txid, id), so delivery resumes right after it.
SELECT txid::text, id FROM {{table}} WHERE id = ?
