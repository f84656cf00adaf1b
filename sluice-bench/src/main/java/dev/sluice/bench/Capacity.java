package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.bench.LoadPlan.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue's capacity on this machine now, learnt once per invocation and shared by the phases that
 * offer a fraction of it.
 *
 * <p>Two figures. The burn-down rate ({@link #perSecond()}): a {@link BurnDown} of
 * {@link LoadOptions#capacityJobs()} messages enqueued first, then handled with no producer running;
 * the flat-out held snapshot offers it. The sustained rate ({@link #forLoad()}, the default base of the
 * steady and fairness levels): the producer's enqueues share the machine with the workers, so on a
 * small machine a continuous producer cannot be kept up with at the burn-down rate (on 2 cores the
 * two costs add up: at 200,000 enqueues/s and 160,000 claims/s alone, together they sustain about
 * 90,000/s). It is found in short open-loop steps of {@value #STEP_SECONDS} s, rising by a tenth of
 * the burn-down rate from half of it (falling from there if half is already too much): the highest
 * step at which every message offered was handled within {@value #CAUGHT_UP_MS} ms of the step's
 * end and the p99 stayed within {@value #STEP_P99_MS} ms.
 */
final class Capacity {

    static final int STEP_SECONDS = 10;
    static final long CAUGHT_UP_MS = 1_000;
    static final double STEP_P99_MS = 200;

    private final String url;
    private final QueueBenchOptions options;
    private BurnDown.Outcome outcome;
    private Double sustained;
    private final List<Map<String, Object>> steps = new ArrayList<>();

    Capacity(String url, QueueBenchOptions options) {
        this.url = url;
        this.options = options;
    }

    /** Messages committed per second in the burn-down; fails if its end state was wrong (no rate to offer then). */
    double perSecond() throws Exception {
        if (outcome == null) {
            SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema(Preparation.SCHEMA).maxPoolSize(options.workers() + 6).build();
            try (Sluice sluice = Sluice.start(config)) {
                outcome = BurnDown.run(sluice, url, "capacity", options.load().capacityJobs(), options.workers(), options.batch(), true);
            }
            System.err.printf("capacity: burn-down of %,d messages, %,.0f/s committed, end state %s%n", outcome.jobs(),
                    outcome.perSecond(), outcome.endStateOk() ? "ok" : "WRONG");
            if (!outcome.endStateOk()) {
                throw new IllegalStateException("The capacity burn-down's end state is wrong: " + outcome.figures());
            }
        }
        return outcome.perSecond();
    }

    /** The rate the steady and fairness levels are percent of, as {@code --capacity} chose. */
    double forLoad() throws Exception {
        String mode = options.load().capacity();
        if (mode.equals(LoadOptions.BURN)) {
            return perSecond();
        }
        if (!mode.equals(LoadOptions.SUSTAINED)) {
            return Double.parseDouble(mode);
        }
        if (sustained == null) {
            sustained = search(perSecond());
        }
        return sustained;
    }

    private double search(double burn) throws Exception {
        QueueBenchOptions stepOptions = options.withLoad(options.load().withDrainAndWarmup(Duration.ofMillis(CAUGHT_UP_MS), Duration.ofSeconds(2)));
        int tenths = 5;
        boolean kept = step(stepOptions, burn, tenths);
        if (kept) {
            while (tenths < 10 && step(stepOptions, burn, tenths + 1)) {
                tenths++;
            }
        } else {
            while (tenths > 1 && !kept) {
                tenths--;
                kept = step(stepOptions, burn, tenths);
            }
        }
        double rate = burn * tenths / 10;
        System.err.printf("capacity: sustained %,.0f/s with the producer running (%d0 %% of the burn-down rate)%n", rate, tenths);
        return rate;
    }

    private boolean step(QueueBenchOptions stepOptions, double burn, int tenths) throws Exception {
        double rate = burn * tenths / 10;
        LoadPlan plan = LoadPlan.steady(rate, Duration.ofSeconds(STEP_SECONDS), stepOptions.load().interval(), stepOptions.load().warmup());
        LoadRun.Outcome run = LoadRun.run(url, stepOptions, plan, "capacity step " + tenths + "0%");
        double p99 = run.p99Millis(Kind.PLAIN);
        boolean kept = run.endStateOk() && run.allStarted(Kind.PLAIN) && p99 <= STEP_P99_MS;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pct_of_burn_down", tenths * 10);
        s.put("offered_per_s", QueueBenchmark.round(rate));
        s.put("handled_per_s", run.figures().get("handled_per_s"));
        s.put("p99_ms", p99);
        s.put("kept_up", kept);
        steps.add(s);
        System.err.printf("capacity step %d0 %%: offered %,.0f/s, handled %,.0f/s, p99 %.1f ms: %s%n", tenths, rate,
                (double) run.figures().get("handled_per_s"), p99, kept ? "kept up" : "fell behind");
        return kept;
    }

    /** The burn-down's figures and, once searched, the sustained rate and its steps. */
    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        if (outcome != null) {
            f.putAll(outcome.figures());
        }
        f.put("capacity_mode", options.load().capacity());
        if (sustained != null) {
            f.put("sustained_per_s", QueueBenchmark.round(sustained));
            f.put("sustained_steps", steps);
        }
        return f;
    }

    boolean measured() {
        return outcome != null;
    }
}
