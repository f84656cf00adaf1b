-- Forget event ids that can no longer be accepted anyway (older than lateness + skew + margin),
-- a bounded slice per call. Parameters: cutoff, limit.
DELETE FROM {{schema}}.score_event_ids
WHERE event_id IN (SELECT event_id FROM {{schema}}.score_event_ids WHERE ingested_at < ? LIMIT ?)
