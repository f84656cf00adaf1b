package dev.sluice.bench;

import dev.sluice.bench.LoadPlan.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --mode steady}: a continuous open-loop producer offers fixed fractions of the burn-down
 * capacity ({@link LoadOptions#levels()}, 30%, 60%, 80% by default), each for
 * {@link LoadOptions#duration()}, {@code repeat} times (a queue that collapses under steady load may
 * do so in some runs only), with plain messages only. Each run is judged against the issue's
 * targets: everything offered handled, with a clean end state, and the p99 of enqueue commit to
 * handler start at most {@link LoadOptions#steadyP99TargetMillis(int)}.
 */
final class SteadyPhase {

    private final String url;
    private final QueueBenchOptions options;
    private final Capacity capacity;

    SteadyPhase(String url, QueueBenchOptions options, Capacity capacity) {
        this.url = url;
        this.options = options;
        this.capacity = capacity;
    }

    Map<String, Object> run() throws Exception {
        double perSecond = capacity.forLoad();
        LoadOptions load = options.load();
        List<Map<String, Object>> runs = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        Map<String, Object> result = new LinkedHashMap<>();
        boolean pass = true;
        for (int level : load.levels()) {
            result.put("steady_" + level + "_offered_per_s", QueueBenchmark.round(perSecond * level / 100));
        }
        for (int rep = 1; rep <= options.repeat(); rep++) {
            for (int level : load.levels()) {
                String label = "steady " + level + "% run " + rep;
                LoadPlan plan = LoadPlan.steady(perSecond * level / 100, load.duration(), load.interval(), load.warmup());
                LoadRun.Outcome run = LoadRun.run(url, options, plan, label);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("level_pct", level);
                f.put("repetition", rep);
                f.putAll(run.figures());
                double target = LoadOptions.steadyP99TargetMillis(level);
                double p99 = run.p99Millis(Kind.PLAIN);
                boolean handledAll = run.endStateOk();
                boolean latencyOk = handledAll && run.allStarted(Kind.PLAIN) && p99 <= target;
                f.put("target_p99_ms", target);
                f.put("pass_handled_all", handledAll);
                f.put("pass_p99", latencyOk);
                runs.add(f);
                pass &= handledAll && latencyOk;
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) ((Map<String, Object>) f.get("latency_ms")).get("plain");
                String verdict = String.format("%-20s offered %,9.0f/s handled %,9.0f/s  p50 %8.2f  p99 %9.2f  max %9.2f ms"
                                + "  | handled all: %s  p99 <= %.0f ms: %s", label, (double) f.get("offered_per_s"),
                        (double) f.get("handled_per_s"), (double) plain.get("p50"), p99, (double) plain.get("max"),
                        handledAll ? "PASS" : "FAIL (" + f.get("missing") + " not handled, " + f.get("left_in_queue") + " left)",
                        target, latencyOk ? "PASS" : "FAIL");
                verdicts.add(verdict);
                System.err.println(verdict);
            }
        }
        for (int level : load.levels()) {
            List<Map<String, Object>> atLevel = runs.stream().filter(r -> (int) r.get("level_pct") == level).toList();
            result.put("steady_" + level + "_handled_per_s_min", atLevel.stream().mapToDouble(r -> (double) r.get("handled_per_s")).min().orElse(0));
            result.put("steady_" + level + "_p99_ms_worst", atLevel.stream().mapToDouble(SteadyPhase::plainP99).max().orElse(0));
            result.put("steady_" + level + "_pass", atLevel.stream().allMatch(r -> (boolean) r.get("pass_handled_all") && (boolean) r.get("pass_p99")));
        }
        System.err.println("steady, capacity (" + options.load().capacity() + ") " + Math.round(perSecond) + "/s, " + options.workers() + " workers, batches of "
                + options.batch() + ":");
        verdicts.forEach(v -> System.err.println("  " + v));
        System.err.println("steady: " + (pass ? "PASS" : "FAIL"));
        result.put("steady_duration_s", load.duration().toMillis() / 1000.0);
        result.put("steady_repeat", options.repeat());
        result.put("steady_pass", pass);
        result.put("steady_runs", runs);
        return result;
    }

    @SuppressWarnings("unchecked")
    static double plainP99(Map<String, Object> run) {
        return (double) ((Map<String, Object>) ((Map<String, Object>) run.get("latency_ms")).get("plain")).get("p99");
    }
}
