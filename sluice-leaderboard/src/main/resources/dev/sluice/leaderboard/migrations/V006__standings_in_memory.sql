-- The standings move into each serving process's memory (an order-statistic tree per window instance,
-- fed by tailing the inbox); PostgreSQL keeps the inbox and a coalesced checkpoint of the long windows.
--
-- THE TAIL INVARIANT (Tailer, tail_cut.sql, tail_read.sql; V005's argument, now per process and in memory):
--   A process's tail position is an xid: every event with txid < position is in its memory exactly
--   once, none with txid >= position is. A tail read moves the position to at most the xmin of a
--   snapshot taken in an earlier statement. Every transaction below that xmin has ended and every
--   later one gets an id >= xmin, so a transaction that took its id first and commits last holds the
--   xmin below its own events until it ends: it is read after it commits, never skipped, never twice.
--
-- THE CHECKPOINT INVARIANT (Checkpointer, checkpoint_*.sql):
--   leaderboard_fold.position (the table keeps its name) is the checkpoint's position P: for every
--   checkpointed window (Board.replayed is false), each row of leaderboard_scores holds the player's
--   aggregate over exactly the events with txid < P, and every such event is in the archive
--   (score_events). Rows, archive copy and P move in one transaction. A process on start reads P and
--   the rows in one snapshot, then folds into those windows only events with txid >= P; the replayed
--   windows it rebuilds from the whole inbox, which trimming keeps longer than their retention.
--
-- From migration 5: leaderboard_scores already holds every window folded up to the fold position,
-- which becomes the checkpoint position as it is. The rank counts and the rank index go: rank is
-- answered from memory.
DROP INDEX IF EXISTS {{schema}}.leaderboard_scores_rank;
DROP TABLE IF EXISTS {{schema}}.leaderboard_rank_counts;
DROP FUNCTION IF EXISTS {{schema}}.leaderboard_rank_buckets(bigint);
ALTER TABLE {{schema}}.leaderboard_scores DROP COLUMN IF EXISTS prev_best;

-- Transactions registered here never write the inbox (the checkpoint's: Checkpointer registers its
-- own xid, from another connection, before its first write). The tail's cut (tail_horizon.sql) may
-- pass them while they are still open, so a checkpoint that takes seconds does not hold the standings
-- back. Refinement of the invariant above: every transaction below the cut has ended or is
-- registered here; either way no inbox row with a txid below the cut can still appear.
CREATE TABLE {{schema}}.leaderboard_fold_writers (
    xid  xid8  PRIMARY KEY
);
