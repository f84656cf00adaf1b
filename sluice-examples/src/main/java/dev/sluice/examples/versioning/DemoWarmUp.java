package dev.sluice.examples.versioning;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The unmeasured warm-up before the measured runs, on other products than those measured: rounds
 * of the new pipeline until the nodes' JIT compilers are nearly idle, then one run of the old.
 *
 * <p><b>Why small batches first.</b> A node's per-batch code (the claim, each service's bulk
 * endpoint, Jackson on the batch's request and reply, pgjdbc's handling of each statement, the
 * write) runs once per batch: about 35 times per round of {@link #WARM_UP_NEW} changes in batches
 * of 150. HotSpot compiles a method with C2 after some hundreds to thousands of calls, so eight
 * such rounds left the nodes' C2 threads compiling through the measured run (0.7 of its 2.7
 * CPU-seconds, per-thread CPU of a run on Debian PG 15, 2026-12-02). The first rounds therefore
 * run in batches of {@link #smallBatch} (a sixth of the measured size): the same code, six times as
 * many calls per round. The last rounds run at the measured batch size, so that what is compiled
 * last was profiled with the measured shapes. Each phase ends once a round costs the JIT compilers
 * of all nodes less than {@link #JIT_IDLE_MILLIS}, or after its most rounds.
 */
final class DemoWarmUp {

    /** Products changed per warm-up round of the new pipeline (at most half of what it measures). */
    static final int WARM_UP_NEW = 5_000;
    /** Products changed by the old pipeline's one warm-up run. */
    static final int WARM_UP_OLD = 1_000;
    /** A round whose JIT compilation took less than this ends its phase: the nodes are warm. */
    static final long JIT_IDLE_MILLIS = 100;
    /** Most rounds in small batches, then most rounds at the measured batch size. */
    static final int SMALL_BATCH_ROUNDS = 8;
    static final int MEASURED_BATCH_ROUNDS = 4;

    /** Runs the new pipeline on {@code ids} with {@code workers} workers in batches of {@code batchSize}. */
    @FunctionalInterface
    interface NewRound {
        void run(List<Long> ids, int batchSize, String task) throws Exception;
    }

    /** Milliseconds the nodes' JIT compilers have spent so far ({@link VersioningDeployment#jitMillis}). */
    @FunctionalInterface
    interface JitMillis {
        long get() throws Exception;
    }

    private DemoWarmUp() {
    }

    /** The batch size of the first rounds: a sixth of {@code batchSize}, at least 10 (or {@code batchSize} if smaller). */
    static int smallBatch(int batchSize) {
        return Math.min(batchSize, Math.max(10, batchSize / 6));
    }

    /** How many rounds the warm-up may take at most, given the products it may use. */
    static int maxRounds(long spare, int warmNew, int warmOld) {
        if (warmNew == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(SMALL_BATCH_ROUNDS + MEASURED_BATCH_ROUNDS, (spare - warmOld) / warmNew));
    }

    /**
     * Runs the new pipeline's rounds on consecutive slices of {@code ids} ({@code warmNew} each, at
     * most {@code rounds}), small batches first; returns how many rounds it ran.
     */
    static int warmNew(List<Long> ids, int warmNew, int rounds, int batchSize, JitMillis jit, NewRound round,
                       PrintStream out) throws Exception {
        int small = smallBatch(batchSize);
        int smallRounds = small == batchSize ? 0 : Math.min(SMALL_BATCH_ROUNDS, rounds - Math.min(rounds, 1));
        int done = 0;
        done = phase(ids, warmNew, done, done + smallRounds, small, jit, round, out);
        done = phase(ids, warmNew, done, rounds, batchSize, jit, round, out);
        return done;
    }

    /** Rounds {@code from} (inclusive) to at most {@code to}, until one is nearly free of JIT work; returns the next round. */
    private static int phase(List<Long> ids, int warmNew, int from, int to, int batchSize, JitMillis jit, NewRound round,
                             PrintStream out) throws Exception {
        int r = from;
        while (r < to) {
            long before = jit.get();
            round.run(ids.subList(r * warmNew, (r + 1) * warmNew), batchSize, "warm-up " + (r + 1));
            long spent = jit.get() - before;
            out.printf(Locale.ROOT, "  warm-up %d (batches of %d): the nodes' JIT compilers spent %,d ms%n", r + 1, batchSize, spent);
            r++;
            if (spent < JIT_IDLE_MILLIS) {
                break;
            }
        }
        return r;
    }
}
