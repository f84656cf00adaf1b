-- Claim and remove up to N ready messages in one statement, inside the worker's transaction. The
-- rows stay locked (and, to everyone else, present) until the transaction ends: commit acknowledges
-- them together with whatever the handler wrote, rollback puts them back where they were.
--
-- WHAT A CLAIM SCANS. The caller passes ranges of (priority, seq), in claim order: for each
-- priority level it has claimed from, the range after its last claimed seq (less a margin), and
-- the whole of every level between and around those, which it has not seen yet. The ready stream
-- is append-only in seq (every row entering it takes a fresh seq, see queue_create.sql), so what
-- a range skips is only what was there before the position: done (dead rows that a held-back
-- VACUUM cannot remove yet, which is why the position exists), in flight, or waiting on its
-- ordering key. Two things can be left behind a position, and a sweep (one range over everything,
-- from the start) finds them: a batch that rolled back, and a producer that took its seq before
-- the position moved but committed after (the margin, 16 batches of seqs, covers the usual case:
-- the enqueues in flight when a promotion's fresh rows commit and are claimed, see ClaimCursor). Workers sweep every
-- sweepInterval, at once when a resumed claim finds nothing, and a sweep that found a full batch
-- behind the positions is followed at once from where it stopped; so nothing waits behind a position longer than about one
-- sweepInterval while workers are busy, or ten times the last sweep's duration when sweeps are slow:
-- a sweep walks the index entries of every row claimed since VACUUM last ran (all of them while a
-- long transaction holds it back), and paced by its cost it takes at most about a tenth of one
-- worker (ClaimCursor). The early sweep of idle workers is not paced (20 ms apart at most).
--
-- A message with an ordering key waits while an earlier message (smaller id) with the same key is
-- still pending, ready or scheduled, or in flight (in a batch, or leased: lease/lease_claim.sql). A paused queue yields nothing (one-time filter).
-- A range's bounds must be decided by its first column wherever the scan is meant to stop: btree
-- ends a scan on a row comparison only when the priority decides it (so "levels below 5" is bounded
-- by (4, max), never (5, 0), which would walk every entry of level 5).
--
-- CRASHED DELIVERIES. Each row's xmax is read as the scan found it, before this claim locks it: a
-- visible row with a transaction there was last locked or deleted by one that did not delete it
-- for good. Committed, that was only a lock (trigger capture locks pending messages it leaves as
-- they are); aborted, it was a claim whose batch never committed (or a claim that failed): the row
-- comes back as aborted_by, the full id of that transaction, and the worker records that delivery
-- before the handler runs (aborted_record.sql). xmax is 32 bits: its epoch is the current one, or
-- the one before if it is ahead of the current xid. A row rewritten between the abort and this
-- claim (its payload replaced by capture, VACUUM FREEZE) loses that one abort: the count may fall
-- short by it, never exceed the deliveries made. The other crash suspects carry the mark in
-- last_error (a batch-mate put back untouched, release.sql).
-- Parameters: lower priorities int[], lower seqs bigint[], upper priorities int[], upper seqs
-- bigint[] (each range exclusive at both ends), the per-range limit, the batch limit.
WITH claimed AS (
    SELECT x.part, x.tid, x.slot, x.seq, x.prior
    FROM unnest(?::int[], ?::bigint[], ?::int[], ?::bigint[]) AS r(lo_p, lo_s, hi_p, hi_s)
    CROSS JOIN LATERAL (
        SELECT q.tableoid AS part, q.ctid AS tid, q.slot, q.seq, q.xmax AS prior
        FROM {{table}} q
        WHERE (q.priority, q.seq) > (r.lo_p, r.lo_s)
          AND (q.priority, q.seq) < (r.hi_p, r.hi_s)
          AND (q.ordering_key IS NULL OR (
                NOT EXISTS (SELECT 1 FROM {{table}} e WHERE e.ordering_key = q.ordering_key AND e.id < q.id)
            AND NOT EXISTS (SELECT 1 FROM {{scheduled}} e WHERE e.ordering_key = q.ordering_key AND e.id < q.id)
            AND NOT EXISTS (SELECT 1 FROM {{schema}}.leases e
                            WHERE e.queue = {{queue_literal}} AND e.ordering_key = q.ordering_key AND e.id < q.id)))
        ORDER BY q.priority, q.seq
        LIMIT ?
        FOR UPDATE SKIP LOCKED
    ) x
    WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.queues p WHERE p.name = {{queue_literal}} AND p.paused)
    LIMIT ?
)
-- The claimed rows are deleted by their tuple ids (TID scans), found in the slots they are in.
-- Nothing here may depend on the sizes the slots had when the plan was cached: the generic plan is
-- forced, and an index condition chosen while a slot was nearly empty (say, on priority alone)
-- reads the whole slot on every claim once it has filled up. A TID scan is the one plan that
-- fetches exactly the claimed rows whatever the sizes; seq + 0 is deliberately not indexable, it
-- only tells apart rows at the same tuple id in two slots.
, taken AS (
    DELETE FROM {{table}} d
    WHERE d.slot = ANY (ARRAY(SELECT DISTINCT c.slot FROM claimed c))
      AND d.ctid = ANY (ARRAY(SELECT c.tid FROM claimed c))
      AND d.seq + 0 = ANY (ARRAY(SELECT c.seq FROM claimed c))
    RETURNING d.id, d.priority, d.payload, d.attempts, d.enqueued_at, d.run_at, d.ordering_key, d.dedupe_key,
              d.idempotency_key, d.seq, d.last_error = {{aborted_delivery}} AS marked
)
SELECT t.id, t.priority, t.payload::text, t.attempts, t.enqueued_at, t.run_at, t.ordering_key, t.dedupe_key,
       t.idempotency_key, t.seq, t.marked,
       CASE WHEN f.full >= 3 THEN CASE WHEN pg_xact_status(f.full::text::xid8) = 'aborted' THEN f.full::text END END,
       cur.xid::text
FROM taken t
JOIN claimed c ON c.seq = t.seq
CROSS JOIN (SELECT pg_current_xact_id()::text::bigint AS xid) cur
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.prior = '0'::xid THEN NULL
                ELSE ((cur.xid >> 32) << 32) + c.prior::text::bigint
                     - CASE WHEN c.prior::text::bigint > (cur.xid & 4294967295) THEN 4294967296 ELSE 0 END
           END AS full
) f
