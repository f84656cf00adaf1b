-- Copies the events between the old and the new checkpoint position into the daily-partitioned
-- archive, in the checkpoint's transaction (which moves the position): each event exactly once.
-- Events already past the retention are left out: their day partition may be dropped (a checkpoint
-- that lagged that long would otherwise fail on every retry). Parameters: old position, new position,
-- now - retention.
INSERT INTO {{schema}}.score_events (event_id, player_id, score, ts, payload, ingested_at)
SELECT event_id, player_id, score, ts, payload::jsonb, ingested_at
FROM {{schema}}.score_event_ids
WHERE txid >= ?::xid8 AND txid < ?::xid8 AND player_id IS NOT NULL AND ts >= ?
