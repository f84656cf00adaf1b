package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.QueueLimits;
import dev.sluice.queue.QueueOptions;
import dev.sluice.queue.QueueStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists queues with their statistics (and rates, from two samples); {@code queues create} creates one. */
@Command(name = "queues", mixinStandardHelpOptions = true, subcommands = {QueuesCommand.Create.class, QueuesCommand.Limits.class}, sortOptions = false,
        header = "List queues with depth, oldest ready age, counts and rates.",
        description = "List queues: state, depth, ready, oldest ready age, processed, failed, dead letters; with --rates (or --watch) also processed/s and failed/s, measured between two samples --interval apart.")
final class QueuesCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--rates", description = "Add processed/s and failed/s (takes one --interval).")
    boolean rates;

    @Option(names = "--watch", description = "Print the table with rates every --interval until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "2s", paramLabel = "TIME",
            description = "Time between the samples of --rates and --watch (default: ${DEFAULT-VALUE}; counters are flushed about once a second).")
    Duration interval;

    @Spec
    CommandSpec spec;

    /** A queue's statistics with its rates over the last interval (null when not measured). */
    record Row(QueueStats stats, Double processedPerSecond, Double failedPerSecond) {
    }

    @Override
    public Integer call() throws Exception {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("--interval must be positive; got " + interval + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Sluice sluice = db.startExisting()) {
            List<QueueStats> previous = sluice.queues().allStats();
            if (!rates && !watch) {
                print(previous.stream().map(s -> new Row(s, null, null)).toList(), out);
                return 0;
            }
            try (RunUntilStopped lifetime = new RunUntilStopped()) {
                do {
                    long start = System.nanoTime();
                    if (lifetime.await(interval)) {
                        break;
                    }
                    List<QueueStats> current = sluice.queues().allStats();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (watch && !json) {
                        out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
                    }
                    print(withRates(previous, current, seconds), out);
                    previous = current;
                } while (watch);
            }
        }
        return 0;
    }

    static List<Row> withRates(List<QueueStats> before, List<QueueStats> after, double seconds) {
        Map<String, QueueStats> old = before.stream().collect(Collectors.toMap(QueueStats::queue, Function.identity()));
        List<Row> rows = new ArrayList<>();
        for (QueueStats s : after) {
            QueueStats o = old.get(s.queue());
            rows.add(o == null ? new Row(s, null, null)
                    : new Row(s, Math.max(0, s.processed() - o.processed()) / seconds, Math.max(0, s.failed() - o.failed()) / seconds));
        }
        return rows;
    }

    private void print(List<Row> rows, PrintWriter out) throws Exception {
        boolean withRates = rows.stream().anyMatch(r -> r.processedPerSecond() != null);
        if (json) {
            if (!withRates) {
                out.println(PayloadCodec.mapper().writeValueAsString(rows.stream().map(Row::stats).toList()));
            } else {
                List<Map<String, Object>> objects = new ArrayList<>();
                for (Row r : rows) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> o = PayloadCodec.mapper().convertValue(r.stats(), LinkedHashMap.class);
                    o.put("processedPerSecond", r.processedPerSecond());
                    o.put("failedPerSecond", r.failedPerSecond());
                    objects.add(o);
                }
                out.println(PayloadCodec.mapper().writeValueAsString(objects));
            }
            out.flush();
            return;
        }
        String header = String.format(Locale.ROOT, "%-24s %7s %10s %10s %12s %10s %8s %6s", "QUEUE", "STATE", "DEPTH", "READY", "OLDEST(s)",
                "PROCESSED", "FAILED", "DEAD");
        out.println(withRates ? header + String.format(Locale.ROOT, " %12s %9s", "PROCESSED/s", "FAILED/s") : header);
        for (Row r : rows) {
            QueueStats s = r.stats();
            String line = String.format(Locale.ROOT, "%-24s %7s %10d %10d %12.1f %10d %8d %6d", s.queue(), s.paused() ? "paused" : "active",
                    s.depth(), s.ready(), s.oldestReadySeconds(), s.processed(), s.failed(), s.deadLetters());
            if (withRates) {
                line += r.processedPerSecond() == null ? String.format(Locale.ROOT, " %12s %9s", "-", "-")
                        : String.format(Locale.ROOT, " %12.1f %9.1f", r.processedPerSecond(), r.failedPerSecond());
            }
            out.println(line);
        }
        if (rows.isEmpty()) {
            out.println("(no queues; create one with: sluice queues create NAME)");
        }
        out.flush();
    }

    /** {@code sluice queues create NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a queue (no-op if it exists).")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Queue name: lower-case letters, digits, underscores.")
        String name;

        @Option(names = "--slots", defaultValue = "4", description = "Rotating partitions (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--rotation-seconds", defaultValue = "5", description = "Seconds each slot takes new messages (default: ${DEFAULT-VALUE}).")
        int rotationSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Sluice sluice = db.start(true)) {
                boolean created = sluice.queues().create(name, new QueueOptions(slots, Duration.ofSeconds(rotationSeconds)));
                spec.commandLine().getOut().println(created ? "created queue " + name : "queue " + name + " already exists");
            }
            return 0;
        }
    }

    /** {@code sluice queues limits NAME [--max-concurrent-batches N] [--rate R [--burst B]] [--clear]}. */
    @Command(name = "limits", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Show or set a queue's global limits, enforced in PostgreSQL across every process: at most N batches at once"
                    + " in the cluster, at most R messages per second. Running workers apply a change at their next claim.",
                    "With no option, shows the limits. Setting options replaces all limits (an option left out removes that limit)."})
    static final class Limits implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Queue name.")
        String name;

        @Option(names = "--max-concurrent-batches", paramLabel = "N", description = "Most batches running at once, cluster-wide (1..10000).")
        Integer maxConcurrentBatches;

        @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Most messages claimed per second (token bucket).")
        Double rate;

        @Option(names = "--burst", paramLabel = "N", description = "Token bucket size (default: rate / 20, at least 1); needs --rate.")
        Integer burst;

        @Option(names = "--clear", description = "Remove every limit.")
        boolean clear;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean setting = maxConcurrentBatches != null || rate != null || burst != null;
            if (clear && setting) {
                throw new IllegalArgumentException("--clear removes every limit; give it alone, or set limits without it.");
            }
            try (Sluice sluice = db.startExisting()) {
                PrintWriter out = spec.commandLine().getOut();
                if (clear || setting) {
                    sluice.queues().setLimits(name, clear ? QueueLimits.NONE : new QueueLimits(maxConcurrentBatches, rate, burst));
                    out.print("set limits of queue " + name + ": ");
                } else {
                    out.print("queue " + name + ": ");
                }
                QueueStats stats = sluice.queues().stats(name);
                out.println(describe(stats.limits(), stats.batchesRunning()));
                out.flush();
            }
            return 0;
        }

        /** "at most 2 batches at once (1 running now), at most 1000/s (burst 50)", or "no limits". */
        static String describe(QueueLimits limits, long running) {
            if (limits.isUnlimited()) {
                return "no limits";
            }
            List<String> parts = new ArrayList<>();
            if (limits.maxConcurrentBatches() != null) {
                parts.add("at most " + limits.maxConcurrentBatches() + " batches at once (" + running + " running now)");
            }
            if (limits.rateLimit() != null) {
                double r = limits.rateLimit();
                parts.add("at most " + (r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r)) + "/s (burst "
                        + limits.effectiveBurst() + ")");
            }
            return String.join(", ", parts);
        }
    }
}
