package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.bench.LoadPlan.Kind;
import dev.sluice.queue.QueueStats;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * One open-loop run of a {@link LoadPlan} on a fresh queue, a fresh Sluice (its own pool, so no
 * cached plan outlives a run) and a prepared server: workers start, the producers send the plan on
 * its schedule, and the run then waits until every offered message has been handled or the drain
 * timeout has passed. The workers are closed (every batch in flight commits) before the end state is
 * read: the queue must be empty, no dead letters, every message handled exactly once.
 */
final class LoadRun {

    static final String QUEUE = "load";
    static final int MAIN_THREADS = 4;
    static final int EXTRA_THREADS = 2;
    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;
    private static final int SCHEDULE_SLACK = 5;

    private LoadRun() {
    }

    /** What a run measured, and its recorder for figures the phases derive (the burst's drain). */
    record Outcome(Map<String, Object> figures, LoadRecorder recorder) {

        double p99Millis(Kind kind) {
            return millis(recorder.latency(kind), 99);
        }

        /** Whether every offered message of the kind was measured (a p99 over some of them proves nothing). */
        @SuppressWarnings("unchecked")
        boolean allStarted(Kind kind) {
            Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) figures.get("latency_ms")).get(kind.key());
            return p != null && ((Number) p.get("offered")).longValue() == ((Number) p.get("count")).longValue();
        }

        boolean endStateOk() {
            return Boolean.TRUE.equals(figures.get("end_state_ok"));
        }
    }

    static Outcome run(String url, QueueBenchOptions options, LoadPlan plan, String label) throws Exception {
        LoadOptions load = options.load();
        String preparation = Preparation.run(url);
        AtomicLongArray committed = new AtomicLongArray(plan.batchCount());
        Duration horizon = plan.duration().plus(load.drainTimeout()).plusSeconds(30);
        LoadRecorder recorder = new LoadRecorder(plan, committed, horizon);
        ClaimTimes claims = new ClaimTimes();
        SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema(Preparation.SCHEMA)
                .maxPoolSize(options.workers() + MAIN_THREADS + EXTRA_THREADS + 4) // nobody waits for a connection
                .claimObserver(claims).build();
        Map<String, Object> f = new LinkedHashMap<>();
        try (Sluice sluice = Sluice.start(config)) {
            if (sluice.queues().exists(QUEUE)) {
                sluice.queues().drop(QUEUE);
            }
            sluice.queues().create(QUEUE);
            WorkerOptions workerOptions = WorkerOptions.builder().concurrency(options.workers()).batchSize(options.batch())
                    .retryBaseDelay(load.retryBaseDelay()).retryMaxDelay(Duration.ofHours(1)).build();
            Workers workers = sluice.startWorkers(QUEUE, workerOptions, recorder);
            long listenDeadline = System.nanoTime() + 30_000_000_000L;
            while (!sluice.isListening() && System.nanoTime() < listenDeadline) {
                Thread.sleep(10);
            }
            OpenLoopProducer main = new OpenLoopProducer(sluice, QUEUE, plan, LoadPlan.MAIN, committed);
            OpenLoopProducer extras = new OpenLoopProducer(sluice, QUEUE, plan, LoadPlan.EXTRAS, committed);
            long start = System.nanoTime() + 50_000_000L; // every producer thread is parked when the schedule starts
            Instant startWall = Instant.now().plusMillis(50);
            recorder.start(start);
            main.start(MAIN_THREADS, start, startWall);
            extras.start(EXTRA_THREADS, start, startWall);
            long loadEnd = start + plan.duration().toNanos();
            long drainDeadline = loadEnd + load.drainTimeout().toNanos();
            long nextReport = start + REPORT_EVERY_NANOS;
            while (recorder.handled() < plan.total() && System.nanoTime() < drainDeadline
                    || !(main.done() && extras.done())) {
                Thread.sleep(10);
                long now = System.nanoTime();
                if (now >= nextReport) {
                    System.err.printf("%s: %.0f s, sent %,d, handled %,d (%,d/s in the last 5 s), waiting %,d%n", label, (now - start) / 1e9,
                            main.sent() + extras.sent(), recorder.handled(), recorder.handledBetween(now - REPORT_EVERY_NANOS, now) / 5,
                            Math.max(0, main.sent() + extras.sent() - recorder.handled())); // a handler may start before its producer counts
                    nextReport += REPORT_EVERY_NANOS;
                }
            }
            main.join();
            extras.join();
            workers.close(); // every batch in flight commits (or rolls back) before the end state is read
            QueueStats stats = sluice.queues().stats(QUEUE);
            long missing = recorder.missing();
            boolean all = missing == 0;
            f.put("run", label);
            f.put("offered", plan.total());
            f.put("offered_per_s", QueueBenchmark.round(plan.total() / (plan.duration().toNanos() / 1e9)));
            f.put("plain_offered_per_s", QueueBenchmark.round(plan.plainRate()));
            f.put("duration_s", plan.duration().toMillis() / 1000.0);
            f.put("producer_lag_p99_ms", millis(main.lag(), 99));
            f.put("producer_lag_max_ms", main.lag().getMaxValue() / 1000.0);
            // Commits that came more than a few intervals late mean the machine could not keep the offered schedule.
            boolean scheduleKept = millis(main.lag(), 99) <= SCHEDULE_SLACK * load.interval().toMillis();
            f.put("schedule_kept", scheduleKept);
            if (!scheduleKept) {
                System.err.printf("%s: WARNING the producer fell behind its schedule (commit p99 %.1f ms after the planned time):"
                        + " the offered rate came in clumps%n", label, millis(main.lag(), 99));
            }
            List<Map<String, Object>> slowest = recorder.slowestTenths(8);
            f.put("slowest_tenths", slowest);
            System.err.printf("%s: slowest tenths of a second (due time from the start, incl. warm-up: slowest wait) %s%n", label,
                    slowest.stream().map(t -> String.format("%.1fs: %.0f ms", (Double) t.get("at_s"), (Double) t.get("max_ms")))
                            .collect(Collectors.joining(", ")));
            f.put("handled", recorder.handled());
            long measuredFrom = start + plan.warmupNanos();
            f.put("handled_per_s", QueueBenchmark.round(recorder.handledBetween(measuredFrom, loadEnd) / ((loadEnd - measuredFrom) / 1e9)));
            f.put("warmup_s", plan.warmupNanos() / 1e9);
            f.put("warmup_p99_ms", millis(recorder.warmupLatency(), 99));
            f.put("warmup_max_ms", recorder.warmupLatency().getMaxValue() / 1000.0);
            long last = 0;
            for (Kind kind : Kind.values()) {
                last = Math.max(last, recorder.lastStartNanos(kind));
            }
            f.put("drain_s", all ? Math.max(0, Math.round((last - loadEnd) / 1e6) / 1000.0) : null);
            f.put("missing", missing);
            f.put("duplicates", recorder.duplicates());
            f.put("left_in_queue", stats.depth());
            f.put("dead_letters", stats.deadLetters());
            f.put("end_state_ok", all && recorder.duplicates() == 0 && stats.depth() == 0 && stats.deadLetters() == 0);
            f.put("preparation", preparation);
            Map<String, Object> kinds = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                if (plan.measuredCount(kind) > 0) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("offered", plan.measuredCount(kind));
                    p.putAll(percentiles(recorder.latency(kind)));
                    kinds.put(kind.key(), p);
                }
            }
            f.put("latency_ms", kinds);
            f.putAll(claims.figures());
            if (plan.burst() > 0) {
                burst(f, plan, recorder, start);
            }
            sluice.queues().drop(QUEUE);
        }
        return new Outcome(f, recorder);
    }

    /** How long the burst took to drain, from coming due to the start of its last message, and what the queue handled meanwhile. */
    private static void burst(Map<String, Object> f, LoadPlan plan, LoadRecorder recorder, long start) {
        long due = start + plan.burstDueNanos();
        long last = recorder.lastStartNanos(Kind.BURST);
        boolean drained = recorder.latency(Kind.BURST).getTotalCount() == plan.burst() && last > due;
        double seconds = drained ? (last - due) / 1e9 : Double.NaN;
        f.put("burst", plan.burst());
        f.put("burst_started", recorder.latency(Kind.BURST).getTotalCount());
        f.put("burst_drain_s", drained ? Math.round(seconds * 1000) / 1000.0 : null);
        f.put("burst_drain_per_s", drained ? QueueBenchmark.round(plan.burst() / seconds) : null);
        // Plain messages keep arriving while the burst drains: what the queue handled in all, per second.
        f.put("burst_window_handled_per_s", drained ? QueueBenchmark.round(recorder.handledBetween(due, last) / seconds) : null);
        // Whether the plain tail comes from the burst: plain messages due in the 5 s from its due time, and the rest.
        f.put("plain_near_burst", percentiles(recorder.plainLatency(true)));
        f.put("plain_away_from_burst", percentiles(recorder.plainLatency(false)));
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        p.put("p50", millis(h, 50));
        p.put("p99", millis(h, 99));
        p.put("max", h.getMaxValue() / 1000.0);
        return p;
    }

    /** A percentile of a histogram of microseconds, in milliseconds with two decimals. */
    static double millis(Histogram h, double percentile) {
        return Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
    }
}
