package dev.sluice.bench;

import dev.sluice.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code sluice bench queue}.
 *
 * @param jdbcUrl PostgreSQL to measure; {@code null} starts an embedded one with durable commits
 * @param jobs jobs enqueued and burnt down (default 1,000,000)
 * @param workers worker threads (default 4)
 * @param batch batch size (default 150)
 * @param rate jobs/s offered in the latency phase (default 1,000)
 * @param latencyDuration length of each latency run (default 10 s)
 * @param holdSnapshot length of the held-snapshot run, and of its baseline; zero skips it (default 0)
 * @param processes worker process counts for the scaling phase (default 1,2,4,8)
 * @param scalingJobs jobs per scaling run (default 200,000)
 * @param heldRate jobs/s offered during the held-snapshot windows (default 20,000)
 * @param phases which phases run: enqueue, burn, baseline, latency, snapshot, scaling, steady, fairness
 *     (default enqueue, burn, baseline, latency; snapshot is added by {@code --hold-snapshot}, scaling by
 *     {@code --processes})
 * @param repeat repetitions of the burn-down against the SQL baseline (which runs first alternates), and of
 *     each steady level and fairness run (default 3)
 * @param heldFlatOut whether the held-snapshot phase also runs with producers offering the burn-down
 *     capacity (default true)
 * @param load settings of the steady and fairness phases
 */
public record QueueBenchOptions(String jdbcUrl, int jobs, int workers, int batch, int rate, Duration latencyDuration,
                                Duration holdSnapshot, List<Integer> processes, int scalingJobs, int heldRate, Set<String> phases,
                                int repeat, boolean heldFlatOut, LoadOptions load) {

    public static final Set<String> ALL_PHASES = Set.of("enqueue", "burn", "baseline", "latency", "snapshot", "scaling",
            "steady", "fairness");

    /**
     * What each {@code --mode} runs. {@code burn} includes the enqueue that fills the queue and the
     * SQL baseline it is compared with; {@code all} is every phase, scaling included.
     */
    public static final Map<String, Set<String>> MODES = Map.of(
            "all", ALL_PHASES,
            "enqueue", Set.of("enqueue"),
            "burn", Set.of("enqueue", "burn", "baseline"),
            "latency", Set.of("latency"),
            "snapshot", Set.of("snapshot"),
            "scaling", Set.of("scaling"),
            "steady", Set.of("steady"),
            "fairness", Set.of("fairness"));

    public QueueBenchOptions {
        if (jobs < 1 || workers < 1 || batch < 1 || rate < 1 || scalingJobs < 1 || heldRate < 1 || repeat < 1) {
            throw new IllegalArgumentException("jobs, workers, batch, rate, scaling jobs, held rate and repeat must be positive");
        }
        phases = Set.copyOf(phases);
        if (!ALL_PHASES.containsAll(phases)) {
            throw new IllegalArgumentException("unknown phase in " + phases + "; known: " + ALL_PHASES);
        }
    }

    public static QueueBenchOptions defaults() {
        return new QueueBenchOptions(null, 1_000_000, 4, 150, 1_000, Duration.ofSeconds(10), Duration.ZERO,
                List.of(1, 2, 4, 8), 200_000, 20_000, Set.of("enqueue", "burn", "baseline", "latency"), 3, true, LoadOptions.defaults());
    }

    /** These options with other load settings. */
    public QueueBenchOptions withLoad(LoadOptions newLoad) {
        return new QueueBenchOptions(jdbcUrl, jobs, workers, batch, rate, latencyDuration, holdSnapshot, processes, scalingJobs,
                heldRate, phases, repeat, heldFlatOut, newLoad);
    }

    /**
     * Parses {@code --jdbc-url URL --jobs N --workers W --batch B --rate R --latency 10s --hold-snapshot 300s
     * --held-rate R --held-flat-out true|false --processes 1,2,4 --scaling-jobs N --repeat 3
     * --mode all|enqueue|burn|latency|snapshot|scaling|steady|fairness} and the load options of
     * {@link LoadOptions} ({@code --steady-duration 60s --levels 30,60,80 --capacity-jobs 150000
     * --drain-timeout 10s --interval 20ms --fairness-level 60 --burst 20000 --burst-at 6s --burst-delay 2s
     * --trickle-from 8s --retry-base-delay 100ms}); {@code --mode} takes a comma-separated list;
     * {@code --phases a,b} names phases one by one.
     */
    public static QueueBenchOptions parse(String[] args) {
        QueueBenchOptions o = defaults();
        String url = o.jdbcUrl();
        int jobs = o.jobs(), workers = o.workers(), batch = o.batch(), rate = o.rate(), scalingJobs = o.scalingJobs();
        int heldRate = o.heldRate(), repeat = o.repeat();
        boolean heldFlatOut = o.heldFlatOut();
        LoadOptions load = o.load();
        Duration latency = o.latencyDuration(), hold = o.holdSnapshot();
        List<Integer> processes = o.processes();
        Set<String> phases = new java.util.HashSet<>(o.phases());
        boolean phasesGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--jdbc-url" -> url = value(a, v);
                case "--jobs" -> jobs = Integer.parseInt(value(a, v));
                case "--workers" -> workers = Integer.parseInt(value(a, v));
                case "--batch" -> batch = Integer.parseInt(value(a, v));
                case "--rate" -> rate = Integer.parseInt(value(a, v));
                case "--latency" -> latency = DurationText.parse(value(a, v));
                case "--hold-snapshot" -> {
                    hold = DurationText.parse(value(a, v));
                    if (!phasesGiven) {
                        phases.add("snapshot");
                    }
                }
                case "--processes" -> {
                    processes = new ArrayList<>();
                    for (String p : value(a, v).split(",")) {
                        processes.add(Integer.parseInt(p.trim()));
                    }
                    if (!phasesGiven) {
                        phases.add("scaling");
                    }
                }
                case "--scaling-jobs" -> scalingJobs = Integer.parseInt(value(a, v));
                case "--held-rate" -> heldRate = Integer.parseInt(value(a, v));
                case "--held-flat-out" -> heldFlatOut = bool(a, value(a, v));
                case "--repeat" -> repeat = Integer.parseInt(value(a, v));
                case "--phases" -> {
                    phases = new java.util.HashSet<>(List.of(value(a, v).split(",")));
                    phasesGiven = true;
                }
                case "--mode" -> {
                    phases = new java.util.HashSet<>();
                    for (String mode : value(a, v).split(",")) {
                        Set<String> modePhases = MODES.get(mode.trim());
                        if (modePhases == null) {
                            throw new IllegalArgumentException("Unknown --mode " + mode
                                    + "; known: all, enqueue, burn, latency, snapshot, scaling, steady, fairness");
                        }
                        phases.addAll(modePhases);
                    }
                    phasesGiven = true;
                }
                default -> {
                    LoadOptions parsed = a.startsWith("--") ? LoadOptions.parse(load, a, value(a, v)) : null;
                    if (parsed == null) {
                        throw new IllegalArgumentException("Unknown option " + a + ". Options: --jdbc-url --jobs --workers --batch --rate"
                                + " --latency --hold-snapshot --processes --scaling-jobs --held-rate --held-flat-out --repeat --mode --phases"
                                + " --steady-duration --levels --capacity --capacity-jobs --drain-timeout --interval --fairness-level --burst"
                                + " --burst-at --burst-delay --trickle-from --trickle --retry-base-delay --warmup");
                    }
                    load = parsed;
                }
            }
            i++;
        }
        if (phases.contains("snapshot") && hold.isZero()) {
            hold = Duration.ofSeconds(60);
        }
        return new QueueBenchOptions(url, jobs, workers, batch, rate, latency, hold, processes, scalingJobs, heldRate, phases,
                repeat, heldFlatOut, load);
    }

    private static boolean bool(String option, String value) {
        return switch (value) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException(option + " takes true or false; got " + value);
        };
    }

    private static String value(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
