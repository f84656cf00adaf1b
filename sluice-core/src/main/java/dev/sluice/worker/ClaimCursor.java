package dev.sluice.worker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the next claim of a queue starts scanning, shared by a process's workers of that queue.
 *
 * <p>After a claim, every message before its last (priority, id) was done, in flight elsewhere, not
 * yet due, or waiting on its ordering key. Resuming there means claims never walk again over rows
 * that are deleted but not yet vacuumable. What this skips is found by a sweep from the start,
 * which runs every {@code sweepInterval}, and at once when a resumed claim finds nothing.
 */
final class ClaimCursor {

    /** A (priority, id) position in claim order. */
    record Position(int priority, long id) implements Comparable<Position> {
        static final Position START = new Position(Short.MIN_VALUE, 0);

        @Override
        public int compareTo(Position o) {
            int byPriority = Integer.compare(priority, o.priority);
            return byPriority != 0 ? byPriority : Long.compare(id, o.id);
        }
    }

    private final AtomicReference<Position> position = new AtomicReference<>(Position.START);
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());
    private final long sweepIntervalNanos;

    ClaimCursor(long sweepIntervalNanos) {
        this.sweepIntervalNanos = sweepIntervalNanos;
    }

    /** Whether a sweep is due; if so, the caller does it and this records it as started. */
    boolean takeSweepIfDue() {
        long last = lastSweepNanos.get();
        long now = System.nanoTime();
        return now - last >= sweepIntervalNanos && lastSweepNanos.compareAndSet(last, now);
    }

    /**
     * Forces a sweep: used when a resumed claim comes back empty, which is usually another worker
     * having taken the message, but may be a message whose transaction committed after a later id
     * had been claimed. Rate-limited to one per 20 ms, which bounds that message's extra wait.
     */
    boolean takeEarlySweep() {
        long last = lastSweepNanos.get();
        long now = System.nanoTime();
        return now - last >= 20_000_000L && lastSweepNanos.compareAndSet(last, now);
    }

    /**
     * Where a resumed claim starts: a little before the last claimed position, so that a message whose
     * transaction took its id earlier but committed later (concurrent producers) is still found at
     * once. The margin bounds what a resumed claim rescans; everything older waits for a sweep.
     */
    Position resumeFrom(int marginIds) {
        Position p = position.get();
        return p.id() <= marginIds ? new Position(p.priority(), 0) : new Position(p.priority(), p.id() - marginIds);
    }

    Position position() {
        return position.get();
    }

    /** Records the last position of a claim. A sweep may move the cursor back; a resumed claim only forward. */
    void claimed(Position last, boolean sweep) {
        if (sweep) {
            position.set(last);
        } else {
            position.accumulateAndGet(last, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
    }
}
