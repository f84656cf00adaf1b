-- Events ingested and not folded yet (at or above the fold position): the fold's backlog.
SELECT count(*) FROM {{schema}}.score_event_ids WHERE txid >= (SELECT position FROM {{schema}}.leaderboard_fold)
