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
 * snapshot, and multi-process scaling. Progress goes to stderr; the result is one JSON line on
 * {@code out}.
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
            result.put("jobs", options.jobs());
            result.put("workers", options.workers());
            result.put("batch", options.batch());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench")
                    .maxPoolSize(options.workers() + 6).build();
            try (Sluice sluice = Sluice.start(config)) {
                ThroughputPhases throughput = new ThroughputPhases(sluice, options);
                if (options.phases().contains("enqueue") || options.phases().contains("burn")) {
                    result.put("enqueue_per_s", round(throughput.enqueue()));
                }
                if (options.phases().contains("burn")) {
                    result.put("process_per_s", round(throughput.burnDown()));
                }
                if (options.phases().contains("baseline")) {
                    double baseline = new SqlBaseline(sluice.dataSource(), options).run();
                    result.put("sql_baseline_process_per_s", round(baseline));
                    if (result.containsKey("process_per_s")) {
                        result.put("ratio_vs_sql_baseline", Math.round((double) result.get("process_per_s") / baseline * 100) / 100.0);
                    }
                }
            }
            if (options.phases().contains("latency")) {
                result.putAll(new LatencyPhase(url, options).run());
            }
            if (options.phases().contains("snapshot")) {
                result.putAll(new HeldSnapshotPhase(url, options).run());
            }
            if (options.phases().contains("scaling")) {
                result.putAll(new ScalingPhase(url, options).run());
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
