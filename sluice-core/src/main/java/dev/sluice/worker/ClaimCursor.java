package dev.sluice.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the next claim of a queue starts scanning, shared by a process's workers of that queue: one
 * position (the last claimed seq) per priority level this process has claimed from.
 *
 * <p>The ready stream is append-only in seq (see {@code queue_create.sql}): a message that becomes
 * ready, whatever its priority, lands after every position. Resuming at the positions means claims
 * never walk again over rows that are deleted but not yet vacuumable, and levels not claimed from
 * yet are scanned whole, so an urgent message of a new level is found by the very next claim. What
 * a position can leave behind (a rolled-back batch, a producer that committed late) is found by a
 * sweep from the start: every {@code sweepInterval}, but never sooner than {@link #SWEEP_COST_FACTOR}
 * times the last one's duration after it, and at once (at most every 20 ms) when a resumed claim
 * finds nothing; a sweep that came back full of messages behind the positions is followed at once
 * by another from where it stopped.
 */
final class ClaimCursor {

    /** Exclusive bounds of the whole (priority, seq) space: priorities are smallint, seqs positive. */
    static final int BELOW_PRIORITIES = Short.MIN_VALUE - 1;
    static final int ABOVE_PRIORITIES = Short.MAX_VALUE + 1;
    private static final long EARLY_SWEEP_GAP_NANOS = 20_000_000L;

    /**
     * The periodic sweep waits at least this many times as long as the last sweep's claim took, so
     * that busy workers spend at most about a tenth of one worker sweeping. A sweep walks every index entry from the start of the
     * stream, and those of rows already claimed stay until VACUUM removes them: while a long
     * transaction holds VACUUM back (or before it has run) that is every row claimed since, a million
     * after half a minute at full speed. Sweeping every 500 ms regardless, one of four workers spent
     * nearly all its time sweeping: throughput with a held snapshot and producers flat out was 0.72
     * of that without; paced, 0.87-1.14 (docs/benchmarks.md). A sweep that finds a full batch behind the
     * positions is followed at once all the same, from where it stopped: it is finding work. The early
     * sweep (a resumed claim found nothing: the workers are idle) is not paced: paced as well, under a
     * steady producer late commits left behind waited for ten times a sweep's duration (the dead
     * entries between two VACUUMs), and the plain messages' p99 in the fairness run went from 1.2x
     * to 6.7x that of a run without delayed messages.
     */
    static final int SWEEP_COST_FACTOR = 10;

    /**
     * How far behind its level's position a resumed claim starts, in batches. It must cover the seqs
     * of enqueue transactions still in flight when a newer row commits and is claimed: a promotion
     * takes its seqs after every producer's and commits at once, so its rows are claimed while several
     * producers' batches, with smaller seqs, still wait for their commit flush. With a margin of 4
     * batches (600 seqs) those were left behind the position and waited for an early sweep: under a
     * steady producer at 50,000/s with delayed and retried messages promoted every 50 ms, the plain
     * messages' p99 was 2.8x that of a run without them; with 16 batches, 1.1x, and no slower claims.
     * What is still left behind (a bigger transaction) is found by the sweeps.
     */
    static final int MARGIN_BATCHES = 16;

    /** The ranges one claim scans, in claim order, each exclusive at both ends. */
    record Ranges(int[] lowPriorities, long[] lowSeqs, int[] highPriorities, long[] highSeqs, boolean sweep) {
        int size() {
            return lowPriorities.length;
        }

        /** A sweep from the very start (not a follow-up): its duration paces the next ones. */
        boolean fromStart() {
            return sweep && lowPriorities[0] == BELOW_PRIORITIES;
        }
    }

    private final ConcurrentSkipListMap<Integer, Long> positions = new ConcurrentSkipListMap<>();
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());
    private volatile long lastSweepCostNanos;
    private final AtomicReference<long[]> followUp = new AtomicReference<>(); // {priority, seq} a follow-up sweep starts after
    private final long sweepIntervalNanos;

    ClaimCursor(long sweepIntervalNanos) {
        this.sweepIntervalNanos = sweepIntervalNanos;
    }

    /**
     * The sweep to run now, or null if none is due. A follow-up of a sweep that found a full batch
     * behind the positions comes at once and starts where that one stopped (everything claimable
     * before it was just taken); a sweep from the start comes every {@code sweepInterval}, but
     * never sooner than {@link #SWEEP_COST_FACTOR} times the last one's duration. Follow-ups do not
     * put off the next sweep from the start, which is what finds a batch that rolled back further
     * behind.
     */
    Ranges takeSweepIfDue() {
        long last = lastSweepNanos.get();
        long now = System.nanoTime();
        if (now - last >= Math.max(sweepIntervalNanos, costGap()) && lastSweepNanos.compareAndSet(last, now)) {
            followUp.set(null); // this one covers it
            return sweep();
        }
        long[] from = followUp.getAndSet(null);
        if (from != null) {
            return new Ranges(new int[] {(int) from[0]}, new long[] {from[1]}, new int[] {ABOVE_PRIORITIES}, new long[] {0}, true);
        }
        return null;
    }

    /** Records how long a sweep's claim statement took: the next sweep waits at least {@link #SWEEP_COST_FACTOR} times that. */
    void sweepTook(long nanos) {
        lastSweepCostNanos = nanos;
    }

    private long costGap() {
        return SWEEP_COST_FACTOR * lastSweepCostNanos;
    }

    /**
     * Forces a sweep: used when a resumed claim comes back empty, which is usually another worker
     * having taken the message, but may be a message left behind a position. Rate-limited to one per
     * 20 ms, which bounds that message's extra wait.
     */
    boolean takeEarlySweep() {
        long last = lastSweepNanos.get();
        long now = System.nanoTime();
        return now - last >= EARLY_SWEEP_GAP_NANOS && lastSweepNanos.compareAndSet(last, now);
    }

    /** One range over everything, from the start. */
    static Ranges sweep() {
        return new Ranges(new int[] {BELOW_PRIORITIES}, new long[] {0}, new int[] {ABOVE_PRIORITIES}, new long[] {0}, true);
    }

    /**
     * The ranges of a resumed claim: for each known level, from a little before its position (so that
     * a producer that took its seq earlier but committed just after is still found at once; the
     * margin bounds what is rescanned), and every level around and between the known ones whole.
     */
    Ranges resume(long marginSeqs) {
        List<long[]> ranges = new ArrayList<>(); // {lowPriority, lowSeq, highPriority, highSeq}
        int previous = BELOW_PRIORITIES;
        for (Map.Entry<Integer, Long> level : positions.entrySet()) {
            int priority = level.getKey();
            if (priority > previous + 1) {
                // Unseen levels below this one. The upper bound is (priority - 1, max), not (priority, 0):
                // btree ends a scan on a row comparison only when its first column decides it, so a bound
                // that this level's entries fail on seq would walk all of them (dead ones included).
                ranges.add(new long[] {previous, Long.MAX_VALUE, priority - 1, Long.MAX_VALUE});
            }
            ranges.add(new long[] {priority, Math.max(0, level.getValue() - marginSeqs), priority, Long.MAX_VALUE});
            previous = priority;
        }
        if (previous < ABOVE_PRIORITIES - 1) {
            ranges.add(new long[] {previous, Long.MAX_VALUE, ABOVE_PRIORITIES, 0});
        }
        int n = ranges.size();
        Ranges r = new Ranges(new int[n], new long[n], new int[n], new long[n], false);
        for (int i = 0; i < n; i++) {
            long[] range = ranges.get(i);
            r.lowPriorities()[i] = (int) range[0];
            r.lowSeqs()[i] = range[0] == BELOW_PRIORITIES ? 0 : range[1];
            r.highPriorities()[i] = (int) range[2];
            r.highSeqs()[i] = range[3];
        }
        return r;
    }

    /** The position of a level, or -1 if this process has not claimed from it. */
    long position(int priority) {
        return positions.getOrDefault(priority, -1L);
    }

    /**
     * Records a claimed message's level and seq; positions only move forward. Returns true if it lay
     * behind its level's position, i.e. was found by a sweep and not by a resumed claim.
     */
    boolean claimed(int priority, long seq) {
        Long before = positions.get(priority);
        positions.merge(priority, seq, Math::max);
        return before != null && seq < before;
    }

    /**
     * Asks for a follow-up sweep on the next claim, after (priority, seq): the last sweep came back
     * full of messages behind the positions, the last of them there.
     */
    void sweepAgain(int priority, long seq) {
        followUp.set(new long[] {priority, seq});
    }
}
