package dev.sluice.examples.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.DurationText;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.schema.Identifiers;
import dev.sluice.worker.Workers;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code sluice demo versioning}: seeds products, runs the new (queue + batch) and the old (cron +
 * scan + per record) pipelines on the same changes, and prints the write-up's table and one JSON
 * line.
 *
 * <p>The new pipeline handles change set A (one eligible change to each of {@code changes} distinct
 * products, captured by the trigger); then the capture is removed, and the old pipeline handles
 * change set B (a second eligible change to the same products). Both run as a backlog burn-down
 * on the same pool, HTTP client, services and indexes. The old pipeline is measured as one cron
 * run started at once (its best case: no waiting for the interval, no overlapping runs).
 */
public final class VersioningDemo {

    private static final long CHANGE_SEED = 42;
    /** Products changed per pipeline in the unmeasured warm-up. */
    static final int WARM_UP = 1_000;

    private VersioningDemo() {
    }

    /**
     * Options of the demo.
     *
     * @param jdbcUrl PostgreSQL to use; {@code null} (default) starts an embedded PostgreSQL 17 with durable commits
     * @param products products seeded (default 1,000,000)
     * @param changes changed products handled by each pipeline (default 10,000)
     * @param scaling also time both pipelines on 100,000 and 5,000,000 products (default false)
     * @param workers new pipeline worker threads (default 8: commits wait on fsync, so more transactions in flight share each flush)
     * @param batchSize new pipeline batch size (default 150, the Versioning service's limit)
     * @param oldTimeLimit longest the old pipeline's run may take before it is stopped and measured on
     *     the records it finished (default 10 minutes)
     * @param schema domain schema, dropped and recreated (default {@code versioning}; Sluice's tables go to {@code <schema>_sluice})
     * @param cronInterval also run the old pipeline as deployed, its cron firing at this interval with
     *     runs overlapping when one outlasts it, on the same changes (default null: not run)
     */
    public record Options(String jdbcUrl, long products, int changes, boolean scaling, int workers, int batchSize,
                          Duration oldTimeLimit, String schema, Duration cronInterval) {

        public Options {
            if (products < 1 || changes < 1 || changes > products) {
                throw new IllegalArgumentException("need 1 <= changes <= products; got products " + products + ", changes " + changes);
            }
            if (workers < 1 || batchSize < 1 || batchSize > VersioningService.MAX_BATCH) {
                throw new IllegalArgumentException("workers must be positive and batch between 1 and " + VersioningService.MAX_BATCH);
            }
            Identifiers.schemaName(schema);
            if (cronInterval != null && (cronInterval.isNegative() || cronInterval.isZero())) {
                throw new IllegalArgumentException("--cron-interval must be positive; got " + cronInterval);
            }
        }

        public static Options defaults() {
            return new Options(null, 1_000_000, 10_000, false, 8, 150, Duration.ofMinutes(10), "versioning", null);
        }

        /**
         * Parses {@code [--jdbc-url URL] [--products N] [--changes N] [--scaling] [--workers N]
         * [--batch N] [--old-time-limit SECONDS] [--schema NAME] [--cron-interval 2s]}.
         */
        public static Options parse(String[] args) {
            Options d = defaults();
            String url = d.jdbcUrl();
            long products = d.products();
            int changes = d.changes();
            boolean scaling = d.scaling();
            int workers = d.workers();
            int batch = d.batchSize();
            Duration limit = d.oldTimeLimit();
            String schema = d.schema();
            Duration cron = d.cronInterval();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--scaling")) {
                    scaling = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--jdbc-url" -> url = v;
                    case "--products" -> products = Long.parseLong(v.replace("_", ""));
                    case "--changes" -> changes = Integer.parseInt(v.replace("_", ""));
                    case "--workers" -> workers = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--old-time-limit" -> limit = Duration.ofSeconds(Long.parseLong(v));
                    case "--schema" -> schema = v;
                    case "--cron-interval" -> cron = DurationText.parse(v);
                    default -> throw new IllegalArgumentException("Unknown option " + a
                            + ". Options: --jdbc-url --products --changes --scaling --workers --batch --old-time-limit --schema --cron-interval");
                }
            }
            return new Options(url, products, changes, scaling, workers, batch, limit, schema, cron);
        }
    }

    /** One pipeline's figures on one run. */
    public record PipelineFigures(long records, double seconds, double perSecond, long serviceCalls, long dbOperations,
                                  long batches, boolean complete) {

        public double dbOperationsPerRecord() {
            return records == 0 ? 0 : (double) dbOperations / records;
        }
    }

    /**
     * The old pipeline as deployed: its cron firing every {@code interval}, runs overlapping.
     *
     * @param records changes versioned
     * @param seconds from the first run's start until every change was versioned
     * @param serviceCalls Versioning service calls, all runs together (more than records when overlapping runs repeat work)
     * @param runs cron runs started
     * @param maxOverlap the most runs in progress at once
     */
    public record CronFigures(Duration interval, long records, double seconds, long serviceCalls, int runs, int maxOverlap) {
        public double perSecond() {
            return records / seconds;
        }
    }

    /** Both pipelines on one seeded table; {@code oldCron} only with {@code --cron-interval}, else null. */
    public record Measurement(long products, int changes, PipelineFigures newPipeline, PipelineFigures oldPipeline, CronFigures oldCron) {

        public double speedup() {
            return oldPipeline.perSecond() == 0 ? 0 : newPipeline.perSecond() / oldPipeline.perSecond();
        }
    }

    /**
     * The outcome.
     *
     * @param main the measurement at {@code --products}
     * @param at100k the measurement at 100,000 products ({@code --scaling} only, else null)
     * @param at5m the measurement at 5,000,000 products ({@code --scaling} only, else null)
     * @param json the final JSON line
     */
    public record Result(Measurement main, Measurement at100k, Measurement at5m, String json) {
    }

    public static void main(String[] args) throws Exception {
        run(Options.parse(args), System.out);
    }

    /** Runs the demo, printing progress, the table and the JSON line to {@code out}. */
    public static Result run(Options options, PrintStream out) throws Exception {
        try (DurableTarget target = DurableTarget.of(options.jdbcUrl(), out::println);
             HikariDataSource pool = EmbeddedDatabase.pooledDataSource(target.jdbcUrl(), options.workers() + 40, Map.of())) {
            Measurement main = measure(pool, options, options.products(), out);
            printTable(main, out);
            Measurement small = null;
            Measurement large = null;
            if (options.scaling()) {
                small = options.products() == 100_000 ? main : measure(pool, options, 100_000, out);
                large = options.products() == 5_000_000 ? main : measure(pool, options, 5_000_000, out);
                printScaling(small, large, out);
            }
            String json = json(main, small, large);
            out.println(json);
            return new Result(main, small, large, json);
        }
    }

    /** Seeds {@code products} products and runs both pipelines on {@code options.changes()} changes each. */
    static Measurement measure(HikariDataSource pool, Options options, long products, PrintStream out) throws Exception {
        String schema = options.schema();
        String sluiceSchema = schema + "_sluice";
        out.printf(Locale.ROOT, "Seeding %,d products and %,d users into schema %s...%n", products, Math.max(1, products / 10), schema);
        long seedStart = System.nanoTime();
        dropSchema(pool, sluiceSchema);
        try (ProgressBar bar = bar("seed", products)) {
            VersioningSchema.createAndSeed(pool, schema, products, (done, total) -> bar.stepTo(done));
        }
        out.printf(Locale.ROOT, "Seeded in %.1f s.%n", (System.nanoTime() - seedStart) / 1e9);

        CountingDataSource counting = new CountingDataSource(pool);
        ChangeWorkload workload = new ChangeWorkload(pool, schema);
        List<Long> picked = ChangeWorkload.pick(products, (int) Math.min(products, options.changes() + WARM_UP * 2L), CHANGE_SEED);
        List<Long> changed = picked.subList(0, options.changes());
        List<Long> warmUp = picked.subList(options.changes(), picked.size());
        try (VersioningServices services = VersioningServices.start(counting, schema, Math.max(8, options.workers() * 2));
             Sluice sluice = Sluice.start(SluiceConfig.builder().dataSource(counting).schema(sluiceSchema).build())) {
            NewPipeline newPipeline = new NewPipeline(sluice, schema, services.http(), services.versioning().uri());
            OldPipeline oldPipeline = new OldPipeline(counting, schema, services.http(), services.versioning().uri());
            newPipeline.install();
            warmUp(out, workload, newPipeline, oldPipeline, warmUp, options);
            workload.apply(changed);
            checkpoint(pool, out);
            long expected = workload.pending();
            out.printf(Locale.ROOT, "New pipeline: %,d changes captured into queue \"%s\"; %d workers, batches of %d...%n",
                    expected, NewPipeline.QUEUE, options.workers(), options.batchSize());
            long ops0 = counting.operations();
            long batches0 = newPipeline.batches();
            long versions0 = newPipeline.versionsWritten();
            long start = System.nanoTime();
            Workers workers = newPipeline.start(options.workers(), options.batchSize());
            follow("new", expected, () -> newPipeline.versionsWritten() - versions0);
            // Done when every message is acknowledged: the queue is empty once the last batch has
            // committed. (Not by counting pending products: that is a scan of the products table,
            // whose time would grow with the table and be charged to the new pipeline.)
            awaitQueueEmpty(sluice);
            double newSeconds = (System.nanoTime() - start) / 1e9;
            awaitPending(workload, 0); // every eligible change versioned: checked outside the clock
            long newOps = counting.operations() - ops0;
            workers.close();
            long newBatches = newPipeline.batches() - batches0;
            PipelineFigures newFigures = new PipelineFigures(expected, newSeconds, expected / newSeconds, newBatches, newOps, newBatches, true);
            newPipeline.uninstall();

            workload.apply(changed);
            checkpoint(pool, out);
            expected = workload.pending();
            out.printf(Locale.ROOT, "Old pipeline: %,d changes; one cron run (scan, then one service call per record)...%n", expected);
            long calls0 = oldPipeline.calls();
            long versioned0 = oldPipeline.versioned();
            long deadline = System.nanoTime() + options.oldTimeLimit().toNanos();
            ops0 = counting.operations();
            start = System.nanoTime();
            OldPipeline.RunStats[] stats = new OldPipeline.RunStats[1];
            Thread run = new Thread(() -> {
                try {
                    stats[0] = oldPipeline.runOnce(() -> System.nanoTime() < deadline);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "old-pipeline-run");
            run.start();
            long finalExpected = expected;
            follow("old", expected, () -> run.isAlive() ? oldPipeline.versioned() - versioned0 : finalExpected);
            run.join();
            double oldSeconds = (System.nanoTime() - start) / 1e9;
            long oldOps = counting.operations() - ops0;
            if (stats[0] == null) {
                throw new IllegalStateException("the old pipeline's run failed; see the log");
            }
            long oldRecords = stats[0].versioned();
            PipelineFigures oldFigures = new PipelineFigures(oldRecords, oldSeconds, oldRecords / oldSeconds, oldPipeline.calls() - calls0, oldOps,
                    0, stats[0].complete());
            if (!stats[0].complete()) {
                out.printf(Locale.ROOT, "Old pipeline stopped at its time limit (%s) after %,d of %,d records; its rate is measured on those.%n",
                        options.oldTimeLimit(), oldRecords, expected);
            }
            out.printf(Locale.ROOT, "Old pipeline scan of %,d products took %d ms (of %.1f s).%n", products, stats[0].scanMillis(), oldSeconds);
            CronFigures cron = null;
            if (options.cronInterval() != null && products == options.products()) {
                cron = cron(workload, changed, counting, schema, services, options.cronInterval(), pool, out);
            }
            return new Measurement(products, options.changes(), newFigures, oldFigures, cron);
        }
    }

    /**
     * The same changes once more, for the old pipeline as the write-up ran it: a cron firing every
     * {@code interval}, a run on its own thread each time, overlapping when a run outlasts the
     * interval; timed until every change is versioned (the runs' own count, no scan by the clock).
     */
    private static CronFigures cron(ChangeWorkload workload, List<Long> changed, CountingDataSource counting, String schema,
                                    VersioningServices services, Duration interval, HikariDataSource pool, PrintStream out) throws Exception {
        workload.apply(changed);
        checkpoint(pool, out);
        long expected = workload.pending();
        out.printf(Locale.ROOT, "Old pipeline as deployed: %,d changes; cron every %.1f s, runs overlapping when one outlasts it...%n",
                expected, interval.toMillis() / 1000.0);
        try (OldPipeline cron = new OldPipeline(counting, schema, services.http(), services.versioning().uri())) {
            long start = System.nanoTime();
            cron.start(interval);
            follow("old, cron", expected, cron::versioned);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new CronFigures(interval, expected, seconds, cron.calls(), cron.runsStarted(), cron.maxOverlap());
        }
    }

    /**
     * Flushes dirty pages before each measured pipeline, so that neither pays for the other's (or
     * the seed's) checkpoint and both start with the same full-page-write cost on first touch.
     */
    private static void checkpoint(HikariDataSource pool, PrintStream out) {
        try (java.sql.Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            out.println("No CHECKPOINT before the measurement (" + e.getMessage().trim()
                    + "); the figures may include one. Grant pg_checkpoint (PostgreSQL 15+) or run as a superuser to avoid that.");
        }
    }

    /**
     * Runs both pipelines once on {@link #WARM_UP} other products each, unmeasured: class loading,
     * JIT compilation, pooled connections and HTTP keep-alive connections are then warm for both.
     */
    private static void warmUp(PrintStream out, ChangeWorkload workload, NewPipeline newPipeline, OldPipeline oldPipeline, List<Long> ids,
                               Options options) throws Exception {
        if (ids.size() < 2) {
            return;
        }
        out.printf(Locale.ROOT, "Warming up both pipelines on %,d other products (not measured)...%n", ids.size());
        List<Long> forNew = ids.subList(0, ids.size() / 2);
        List<Long> forOld = ids.subList(ids.size() / 2, ids.size());
        workload.apply(forNew);
        try (Workers workers = newPipeline.start(options.workers(), options.batchSize())) {
            awaitPending(workload, 0);
        }
        newPipeline.uninstall();
        workload.apply(forOld);
        oldPipeline.runOnce(() -> true);
        newPipeline.install();
    }

    private static void awaitQueueEmpty(Sluice sluice) throws InterruptedException {
        while (sluice.queues().stats(NewPipeline.QUEUE).depth() > 0) {
            Thread.sleep(2);
        }
    }

    private static void awaitPending(ChangeWorkload workload, long target) throws Exception {
        while (workload.pending() > target) {
            Thread.sleep(5);
        }
    }

    private static void dropSchema(HikariDataSource pool, String schema) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(Identifiers.schemaName(schema)) + " CASCADE");
        }
    }

    private static ProgressBar bar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
    }

    /** Draws a bar until {@code done} reaches {@code total}. */
    private static void follow(String task, long total, LongSupplier done) throws InterruptedException {
        try (ProgressBar bar = bar(task, total)) {
            long current;
            while ((current = done.getAsLong()) < total) {
                bar.stepTo(current);
                Thread.sleep(10);
            }
            bar.stepTo(total);
        }
    }

    static void printTable(Measurement m, PrintStream out) {
        PipelineFigures o = m.oldPipeline();
        PipelineFigures n = m.newPipeline();
        out.println();
        out.printf(Locale.ROOT, "Versioning pipeline, %,d products, %,d changes per pipeline%n", m.products(), m.changes());
        out.printf(Locale.ROOT, "| %-22s | %-34s | %-34s |%n", "Metric", "Before (cron + scan)", "After (Sluice queue + batch)");
        out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(24), "-".repeat(36), "-".repeat(36));
        row(out, "Execution", "cron + full table scan", "trigger capture + queue + batch");
        row(out, "Service calls", String.format(Locale.ROOT, "1 / record (%,d calls)", o.serviceCalls()),
                String.format(Locale.ROOT, "1 / batch (%,d calls)", n.serviceCalls()));
        row(out, "DB operations", String.format(Locale.ROOT, "%.2f / record", o.dbOperationsPerRecord()),
                String.format(Locale.ROOT, "%.1f / batch (%.3f / record)", n.batches() == 0 ? 0.0 : (double) n.dbOperations() / n.batches(),
                        n.dbOperationsPerRecord()));
        row(out, "Records", String.format(Locale.ROOT, "%,d in %.1f s%s", o.records(), o.seconds(), o.complete() ? "" : " (time slice)"),
                String.format(Locale.ROOT, "%,d in %.2f s", n.records(), n.seconds()));
        row(out, "Throughput", String.format(Locale.ROOT, "%,.0f records/s", o.perSecond()), String.format(Locale.ROOT, "%,.0f records/s", n.perSecond()));
        row(out, "Scaling", "table size", "change volume");
        out.printf(Locale.ROOT, "Speedup: %.1fx%n", m.speedup());
        if (m.oldCron() != null) {
            CronFigures c = m.oldCron();
            out.printf(Locale.ROOT, "Old pipeline as deployed (cron every %.1f s, up to %d runs at once, %d runs): %,.0f records/s, %.2f service calls per record; speedup %.1fx%n",
                    c.interval().toMillis() / 1000.0, c.maxOverlap(), c.runs(), c.perSecond(), (double) c.serviceCalls() / c.records(), m.newPipeline().perSecond() / c.perSecond());
        }
        out.println();
    }

    private static void row(PrintStream out, String metric, String before, String after) {
        out.printf(Locale.ROOT, "| %-22s | %-34s | %-34s |%n", metric, before, after);
    }

    static void printScaling(Measurement small, Measurement large, PrintStream out) {
        out.printf(Locale.ROOT, "Scaling, %,d changes: new %.2f s -> %.2f s (x%.2f); old %.1f s -> %.1f s (x%.2f), from %,d to %,d products%n",
                small.changes(), small.newPipeline().seconds(), large.newPipeline().seconds(), timeRatio(small, large, true),
                small.oldPipeline().seconds(), large.oldPipeline().seconds(), timeRatio(small, large, false), small.products(), large.products());
    }

    /** Time per record at 5M over time per record at 100k (per record, so a time-sliced old run compares fairly). */
    private static double timeRatio(Measurement small, Measurement large, boolean newPipeline) {
        PipelineFigures s = newPipeline ? small.newPipeline() : small.oldPipeline();
        PipelineFigures l = newPipeline ? large.newPipeline() : large.oldPipeline();
        return (l.seconds() / l.records()) / (s.seconds() / s.records());
    }

    static String json(Measurement m, Measurement small, Measurement large) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("products", m.products());
        j.put("changes", m.changes());
        j.put("old_per_s", round(m.oldPipeline().perSecond()));
        j.put("new_per_s", round(m.newPipeline().perSecond()));
        j.put("speedup", round(m.speedup()));
        j.put("new_db_ops_per_record", round(m.newPipeline().dbOperationsPerRecord()));
        j.put("old_db_ops_per_record", round(m.oldPipeline().dbOperationsPerRecord()));
        j.put("new_db_ops_per_batch", round(m.newPipeline().batches() == 0 ? 0 : (double) m.newPipeline().dbOperations() / m.newPipeline().batches()));
        j.put("new_service_calls", m.newPipeline().serviceCalls());
        j.put("old_service_calls", m.oldPipeline().serviceCalls());
        j.put("new_seconds", round(m.newPipeline().seconds()));
        j.put("old_seconds", round(m.oldPipeline().seconds()));
        j.put("old_records_measured", m.oldPipeline().records());
        j.put("old_complete", m.oldPipeline().complete());
        if (m.oldCron() != null) {
            j.put("old_cron_interval_s", round(m.oldCron().interval().toMillis() / 1000.0));
            j.put("old_cron_per_s", round(m.oldCron().perSecond()));
            j.put("old_cron_service_calls_per_record", round((double) m.oldCron().serviceCalls() / m.oldCron().records()));
            j.put("old_cron_runs", m.oldCron().runs());
            j.put("old_cron_max_overlap", m.oldCron().maxOverlap());
            j.put("speedup_vs_old_cron", round(m.newPipeline().perSecond() / m.oldCron().perSecond()));
        }
        if (small != null && large != null) {
            j.put("new_time_ratio_5m_vs_100k", round(timeRatio(small, large, true)));
            j.put("old_time_ratio_5m_vs_100k", round(timeRatio(small, large, false)));
            j.put("new_seconds_100k", round(small.newPipeline().seconds()));
            j.put("new_seconds_5m", round(large.newPipeline().seconds()));
            j.put("old_seconds_100k", round(small.oldPipeline().seconds()));
            j.put("old_seconds_5m", round(large.oldPipeline().seconds()));
        }
        return Json.text(j);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
