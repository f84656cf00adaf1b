-- Ingest becomes a durable append; the windows are folded from the appended events afterwards, in
-- large set-based batches (fold.sql), one folder at a time.
--
-- THE FOLD INVARIANT (fold.sql and fold_cut.sql rely on it; ingest.sql preserves it):
--   Every accepted event is a row of score_event_ids carrying txid, the id of the transaction that
--   inserted it (pg_current_xact_id(), the column default). leaderboard_fold.position is an xid:
--   every event with txid < position has been folded into the windows, the rank counts and the
--   archive (score_events), exactly once, in the transaction that moved the position; no event with
--   txid >= position has. A fold moves the position to at most xmin of a snapshot taken before it
--   read any event. Every transaction with an id below that xmin has ended, and every later one
--   gets an id >= xmin, so the events below it are final: a transaction that took its id first and
--   commits last holds the xmin below its own events until it ends, and is folded after it commits,
--   never skipped. (A sequence alone gives no such guarantee: numbers are taken at insert time,
--   rows become visible at commit time.) Rows from before this migration read as txid 0: folded.
-- Keys compare bytewise (COLLATE "C"): the fold groups, sorts and probes indexes by them hundreds of
-- thousands of times a second, and a locale's comparison (strcoll) cost twice the fold's time in the
-- benchmark. Ranking ties by player id are in byte order (the same as C.UTF-8's code point order).
ALTER TABLE {{schema}}.score_event_ids ALTER COLUMN event_id TYPE text COLLATE "C";
ALTER TABLE {{schema}}.leaderboard_scores ALTER COLUMN window_name TYPE text COLLATE "C", ALTER COLUMN player_id TYPE text COLLATE "C";
ALTER TABLE {{schema}}.leaderboard_rank_counts ALTER COLUMN window_name TYPE text COLLATE "C";
ALTER TABLE {{schema}}.score_event_ids
    ADD COLUMN player_id text COLLATE "C",
    ADD COLUMN score     bigint,
    ADD COLUMN payload   text,
    ADD COLUMN txid      xid8 NOT NULL DEFAULT '0';
ALTER TABLE {{schema}}.score_event_ids ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
CREATE INDEX score_event_ids_txid ON {{schema}}.score_event_ids (txid);
-- Trimming goes by fold marks (below) and the txid index: one index less to write per event.
DROP INDEX IF EXISTS {{schema}}.score_event_ids_ingested_at_idx;

CREATE TABLE {{schema}}.leaderboard_fold (
    one           boolean     PRIMARY KEY DEFAULT true CHECK (one),
    position      xid8        NOT NULL,
    folded_total  bigint      NOT NULL DEFAULT 0,
    folded_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {{schema}}.leaderboard_fold (position) VALUES (pg_snapshot_xmin(pg_current_snapshot()));

-- Where the position stood when (by the folder's clock): trimming forgets the ids of events folded
-- before a mark older than the id horizon (expire_ids.sql). One mark per fold that folded anything.
CREATE TABLE {{schema}}.leaderboard_fold_marks (
    position   xid8        NOT NULL,
    marked_at  timestamptz NOT NULL
);
CREATE INDEX ON {{schema}}.leaderboard_fold_marks (marked_at);
INSERT INTO {{schema}}.leaderboard_fold_marks (position, marked_at) SELECT position, now() FROM {{schema}}.leaderboard_fold;
