package dev.sluice.bench.leaderboard;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Sustained ingest capacity on this machine: the offered rate stepped up (open loop, fresh schedule
 * per step) from 60% of the closed-loop throughput (for Sluice: of ingest and fold together) until a
 * step falls behind (more than a second of
 * backlog, or under 95% committed, or more than a second of the rate committed and not folded yet);
 * the capacity is the last step that kept up, narrowed by two geometric midpoints between it and the
 * first step that fell behind. Between steps the backlog (for Sluice: what the tail has not read) is drained.
 */
final class Capacity {

    /**
     * Fractions of the closed-loop rate. Up to 1.25 it was once the whole search; since session 7 three
     * more steps (1.45, 1.7, 2.0) follow when every one kept up, since the open loop's steady schedule
     * sustained more than the closed loop's bursts and the capacity then stayed a lower bound.
     */
    static final double[] STEPS = {0.6, 0.75, 0.9, 1.0, 1.1, 1.25, 1.45, 1.7, 2.0};

    /** The sustained rate and the steps that found it. */
    record Found(double perSecond, List<OpenLoop.Outcome> steps) {
    }

    private Capacity() {
    }

    static Found find(Board board, ScoreSource source, LeaderboardBenchOptions options, double closedLoop, PrintStream progress) throws Exception {
        return find(board, source, options, closedLoop, progress, () -> () -> { });
    }

    /** As above, with {@code beside} started for each step and stopped before its backlog is drained (a serving load). */
    static Found find(Board board, ScoreSource source, LeaderboardBenchOptions options, double closedLoop, PrintStream progress,
                      Callable<AutoCloseable> beside) throws Exception {
        List<OpenLoop.Outcome> steps = new ArrayList<>();
        double capacity = 0;
        for (double fraction : STEPS) {
            double rate = Math.max(options.batchSize(), fraction * closedLoop);
            OpenLoop.Outcome o = step(board, source, options, rate, "", beside, progress);
            steps.add(o);
            if (!o.sustained()) {
                break;
            }
            capacity = rate;
        }
        // even the first step fell behind: halve until one keeps up (at most three times)
        for (double rate = Math.max(options.batchSize(), STEPS[0] * closedLoop / 2); capacity == 0 && steps.size() < STEPS.length + 3;
             rate = Math.max(options.batchSize(), rate / 2)) {
            OpenLoop.Outcome o = step(board, source, options, rate, " down", beside, progress);
            steps.add(o);
            if (o.sustained()) {
                capacity = rate;
            }
        }
        if (capacity == 0) {
            capacity = steps.get(steps.size() - 1).committedPerSecond();
        }
        // between the last rate that kept up and the first that fell behind: two halvings of the gap
        double behind = steps.stream().filter(s -> !s.sustained()).mapToDouble(OpenLoop.Outcome::offeredPerSecond).min().orElse(0);
        for (int i = 0; i < 2 && behind > capacity * 1.15 && steps.stream().anyMatch(OpenLoop.Outcome::sustained); i++) {
            double rate = Math.sqrt(capacity * behind);
            OpenLoop.Outcome o = step(board, source, options, rate, " between", beside, progress);
            steps.add(o);
            if (o.sustained()) {
                capacity = rate;
            } else {
                behind = rate;
            }
        }
        return new Found(capacity, steps);
    }

    /** One step at {@code rate} for the step's length, with {@code beside} running; then the backlog is drained. */
    private static OpenLoop.Outcome step(Board board, ScoreSource source, LeaderboardBenchOptions options, double rate, String kind,
                                         Callable<AutoCloseable> beside, PrintStream progress) throws Exception {
        OpenLoop.Outcome o;
        try (AutoCloseable alongside = beside.call()) {
            OpenLoop loop = new OpenLoop(board, source, options.threads(), options.batchSize(), rate);
            Thread.sleep(options.step().toMillis());
            o = loop.finish();
        }
        progress.printf("capacity step%s: offered %,.0f/s, committed %,.0f/s, backlog %,.0f ms, unfolded %,d: %s%n", kind, rate,
                o.committedPerSecond(), o.lagMillis(), o.backlog(), o.sustained() ? "kept up" : "fell behind");
        board.drain();
        return o;
    }
}
