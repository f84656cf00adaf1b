package dev.sluice.bench;

import dev.sluice.Sluice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enqueue throughput, the burn-down of everything enqueued with no-op handlers, and the SQL baseline,
 * {@code repeat} times. Both candidates get the same preparation before each run and which one runs
 * first alternates across repetitions (Sluice first in the odd ones), so that neither always gets the
 * fresher server; the figures are the medians, the runs are listed in {@code burn_runs}.
 */
final class ThroughputPhases {

    private final Sluice sluice;
    private final String url;
    private final QueueBenchOptions options;

    ThroughputPhases(Sluice sluice, String url, QueueBenchOptions options) {
        this.sluice = sluice;
        this.url = url;
        this.options = options;
    }

    Map<String, Object> run() throws Exception {
        boolean burn = options.phases().contains("burn");
        boolean fill = burn || options.phases().contains("enqueue");
        boolean baseline = options.phases().contains("baseline");
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Double> enqueue = new ArrayList<>();
        List<Double> sluiceRates = new ArrayList<>();
        List<Double> baselineRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        boolean endStateOk = true;
        for (int rep = 0; rep < options.repeat(); rep++) {
            boolean sluiceFirst = rep % 2 == 0;
            BurnDown.Outcome mine = null;
            BurnDown.Outcome floor = null;
            if (baseline && !sluiceFirst) {
                floor = new SqlBaseline(sluice.dataSource(), url, options).run();
            }
            if (fill) {
                mine = BurnDown.run(sluice, url, "bench", options.jobs(), options.workers(), options.batch(), burn);
            }
            if (baseline && sluiceFirst) {
                floor = new SqlBaseline(sluice.dataSource(), url, options).run();
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run", rep + 1);
            run.put("first", sluiceFirst || !baseline ? "sluice" : "sql_baseline");
            if (mine != null) {
                run.put("sluice", mine.figures());
                enqueue.add(mine.enqueuePerSecond());
                if (burn) {
                    sluiceRates.add(mine.perSecond());
                    endStateOk &= mine.endStateOk();
                }
            }
            if (floor != null) {
                run.put("sql_baseline", floor.figures());
                baselineRates.add(floor.perSecond());
                endStateOk &= floor.endStateOk();
                if (burn) {
                    ratios.add(mine.perSecond() / floor.perSecond());
                }
            }
            runs.add(run);
            System.err.printf("burn-down run %d/%d: %s%s%n", rep + 1, options.repeat(),
                    mine == null || !burn ? "" : String.format("Sluice %,.0f/s%s ", mine.perSecond(), mine.endStateOk() ? "" : " (END STATE WRONG)"),
                    floor == null ? "" : String.format("SQL baseline %,.0f/s%s", floor.perSecond(), floor.endStateOk() ? "" : " (END STATE WRONG)"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (!enqueue.isEmpty()) {
            result.put("enqueue_per_s", QueueBenchmark.round(median(enqueue)));
        }
        if (!sluiceRates.isEmpty()) {
            result.put("process_per_s", QueueBenchmark.round(median(sluiceRates)));
        }
        if (!baselineRates.isEmpty()) {
            result.put("sql_baseline_process_per_s", QueueBenchmark.round(median(baselineRates)));
        }
        if (!ratios.isEmpty()) {
            result.put("ratio_vs_sql_baseline", Math.round(median(ratios) * 100) / 100.0);
        }
        result.put("burn_repeat", options.repeat());
        result.put("burn_end_state_ok", endStateOk);
        result.put("burn_runs", runs);
        return result;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
