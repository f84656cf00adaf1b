-- Forget event ids that can no longer be accepted anyway: events checkpointed before the furthest
-- checkpoint mark older than the cutoff (lateness + skew + an hour), a bounded slice per call, by the
-- txid index. Only checkpointed (and archived) events go, so trimming can never lose an event; the
-- replayed windows (Board.replayed) only need events younger than the cutoff.
-- Parameters: cutoff, limit.
DELETE FROM {{schema}}.score_event_ids
WHERE event_id IN (
    SELECT event_id FROM {{schema}}.score_event_ids
    WHERE txid < (SELECT position FROM {{schema}}.leaderboard_fold_marks WHERE marked_at < ? ORDER BY position DESC LIMIT 1)
    LIMIT ?)
