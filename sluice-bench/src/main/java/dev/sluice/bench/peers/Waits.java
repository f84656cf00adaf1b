package dev.sluice.bench.peers;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Waits on a peer's progress that fail, with what was seen, when the peer stalls instead of hanging the run. */
final class Waits {

    /** No progress for this long means the peer is stuck (or lost jobs). */
    static final Duration STALL = Duration.ofSeconds(60);

    private Waits() {
    }

    interface Count {
        long get() throws Exception;
    }

    /** Until {@code count} reaches {@code target}; fails after {@link #STALL} without progress. */
    static void until(String what, LongSupplier count, long target) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        long now;
        while ((now = count.getAsLong()) < target) {
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new IllegalStateException(what + " stalled: " + now + " of " + target + " jobs handled, none for "
                        + STALL.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    /** Until the peer's tables show no job pending (its completions committed); fails after {@link #STALL}. */
    static void untilNothingPending(String peer, Count pending) throws Exception {
        long start = System.nanoTime();
        long left;
        while ((left = pending.get()) > 0) {
            if (System.nanoTime() - start > STALL.toNanos()) {
                throw new IllegalStateException(peer + ": " + left + " jobs still pending " + STALL.toSeconds()
                        + " s after every handler ran");
            }
            Thread.sleep(10);
        }
    }
}
