-- Forget event ids that can no longer be accepted anyway: events checkpointed before the furthest
-- checkpoint mark older than the cutoff (lateness + skew + an hour), a bounded slice per call, by the
-- txid index. Only checkpointed (and archived) events go, so trimming can never lose an event; the
-- replayed windows (Board.replayed) only need events younger than the cutoff. A deferred window's
-- instance (Board.deferred) has checkpoint rows only once settled at the checkpoint's horizon, so an
-- event also stays until the current horizon is past its time by the settle span (size + lateness +
-- skew of the longest deferred window): normally long since (it only holds events back while
-- checkpoints fail), and the restart's replay then still finds every event of an unsettled instance.
-- Parameters: cutoff, settle span in seconds, limit.
DELETE FROM {{schema}}.score_event_ids
WHERE event_id IN (
    SELECT event_id FROM {{schema}}.score_event_ids
    WHERE txid < (SELECT position FROM {{schema}}.leaderboard_fold_marks WHERE marked_at < ? ORDER BY position DESC LIMIT 1)
      AND ts <= (SELECT folded_at FROM {{schema}}.leaderboard_fold) - make_interval(secs => ?)
    LIMIT ?)
