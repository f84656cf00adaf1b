package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.DurableTarget;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sluice bench queue}: enqueue throughput, burn-down throughput against a hand-written
 * SKIP LOCKED baseline, enqueue-to-handler latency (NOTIFY and polling), throughput under a held
 * snapshot, multi-process scaling, and the open-loop phases: steady load at fractions of the
 * burn-down capacity, and fairness for urgent, delayed, retried and burst messages under load.
 * Every run records the machine, the date and the server's settings. Progress and verdicts go to
 * stderr; the result is one JSON line on {@code out}.
 */
public final class QueueBenchmark {

    private QueueBenchmark() {
    }

    /** {@code java dev.sluice.bench.QueueBenchmark [options]}: see {@link QueueBenchOptions#parse(String[])}. */
    public static void main(String[] args) throws Exception {
        run(QueueBenchOptions.parse(args), System.out);
    }

    /**
     * Runs the chosen phases against {@code options.jdbcUrl()}, or against an embedded PostgreSQL with
     * fsync and synchronous_commit on when it is null; prints progress to stderr and the figures as
     * one JSON line to {@code out}, and returns them.
     */
    public static Result run(QueueBenchOptions options, PrintStream out) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        try (DurableTarget target = DurableTarget.of(options.jdbcUrl(), System.err::println)) {
            String url = target.jdbcUrl();
            Map<String, Object> info = RunInfo.collect(url);
            System.err.println(RunInfo.describe(info));
            result.putAll(info);
            result.put("phases", options.phases().stream().sorted().toList());
            result.put("workers", options.workers());
            result.put("batch", options.batch());
            SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema(Preparation.SCHEMA)
                    .maxPoolSize(options.workers() + 6).build();
            if (options.phases().contains("enqueue") || options.phases().contains("burn") || options.phases().contains("baseline")) {
                result.put("jobs", options.jobs());
                try (Sluice sluice = Sluice.start(config)) {
                    result.putAll(new ThroughputPhases(sluice, url, options).run());
                }
            }
            if (options.phases().contains("latency")) {
                result.putAll(new LatencyPhase(url, options).run());
            }
            Capacity capacity = new Capacity(url, options);
            if (options.phases().contains("snapshot")) {
                result.putAll(new HeldSnapshotPhase(url, options, capacity).run());
            }
            if (options.phases().contains("scaling")) {
                result.putAll(new ScalingPhase(url, options).run());
            }
            if (options.phases().contains("steady")) {
                result.putAll(new SteadyPhase(url, options, capacity).run());
            }
            if (options.phases().contains("fairness")) {
                result.putAll(new FairnessPhase(url, options, capacity).run());
            }
            if (capacity.measured()) {
                result.put("capacity_per_s", capacity.figures().get("process_per_s"));
                result.put("capacity_burn_down", capacity.figures());
                result.put("capacity_sustained_per_s", capacity.figures().get("sustained_per_s"));
            }
        }
        Result figures = new Result(result);
        out.println(figures.toJson());
        return figures;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
