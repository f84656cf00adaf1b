-- Forget event ids that can no longer be accepted anyway: events folded before the furthest fold mark
-- older than the cutoff (lateness + skew + margin), a bounded slice per call, by the txid index.
-- Only folded events go (txid below a fold position), so trimming can never lose an event.
-- Parameters: cutoff, limit.
DELETE FROM {{schema}}.score_event_ids
WHERE event_id IN (
    SELECT event_id FROM {{schema}}.score_event_ids
    WHERE txid < (SELECT position FROM {{schema}}.leaderboard_fold_marks WHERE marked_at < ? ORDER BY position DESC LIMIT 1)
    LIMIT ?)
