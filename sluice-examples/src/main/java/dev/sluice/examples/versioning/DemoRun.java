package dev.sluice.examples.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.examples.versioning.DemoFigures.AtRtt;
import dev.sluice.examples.versioning.DemoFigures.Measurement;
import dev.sluice.examples.versioning.DemoFigures.PipelineRun;
import dev.sluice.examples.versioning.network.NetworkRelay;
import dev.sluice.schema.Identifiers;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One seeded table, the application deployed on it ({@link VersioningDeployment}), and every
 * pipeline measured at each RTT: new (N workers), new (1 worker), old (one cron run).
 *
 * <p>Every clock starts before the pipeline's changes are written (by the application, through a
 * relay of its own at the same RTT, in the same statements of 1,000 products for every pipeline)
 * and stops when the last change is published: for the new pipeline, when its queue is empty
 * (every batch committed its acknowledgement); for the old one, when its cron run returns. The
 * trigger capture is thus inside the new pipeline's clock, as the scan is inside the old one's.
 */
final class DemoRun implements AutoCloseable {

    private static final long CHANGE_SEED = 42;

    private final HikariDataSource pool;
    private final DemoOptions options;
    private final long products;
    private final PrintStream out;
    private final VersioningSql sql;
    private final Sluice sluice;
    private final NewPipeline capture;
    private final NetworkRelay writerRelay;
    private final HikariDataSource writerPool;
    private final ChangeWorkload workload;
    private final VersioningDeployment deployment;
    private boolean captureInstalled;

    private DemoRun(HikariDataSource pool, String jdbcUrl, DemoOptions options, long products, PrintStream out) throws Exception {
        this.pool = pool;
        this.options = options;
        this.products = products;
        this.out = out;
        this.sql = new VersioningSql(options.schema());
        String sluiceSchema = options.schema() + "_sluice";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(Identifiers.schemaName(sluiceSchema)) + " CASCADE");
        }
        this.sluice = Sluice.start(SluiceConfig.builder().dataSource(pool).schema(sluiceSchema).build());
        this.capture = new NewPipeline(sluice, options.schema(), null, null);
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.writerRelay = new NetworkRelay("writer", new InetSocketAddress(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort()), Duration.ZERO);
        this.writerPool = EmbeddedDatabase.pooledDataSource("jdbc:postgresql://" + writerRelay.host() + ":" + writerRelay.port() + db.getRawPath()
                + (db.getRawQuery() == null ? "" : "?" + db.getRawQuery()), 2, Map.of());
        this.workload = new ChangeWorkload(writerPool, options.schema());
        out.printf(Locale.ROOT, "Starting the Product, User and Versioning services, the workers and the cron job (%s)...%n",
                options.mode() == VersioningDeployment.Mode.PROCESSES ? "one JVM each" : "in this JVM");
        this.deployment = VersioningDeployment.start(options.mode(), jdbcUrl, options.schema(), sluiceSchema, options.workers(), options.workers(),
                Duration.ZERO);
    }

    /** Seeds {@code products}, deploys, and measures every pipeline at each of {@code rtts}. */
    static Measurement measure(HikariDataSource pool, String jdbcUrl, DemoOptions options, long products, List<Duration> rtts, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "Seeding %,d products and %,d users into schema %s...%n", products, Math.max(1, products / 10), options.schema());
        long seedStart = System.nanoTime();
        try (ProgressBar bar = bar("seed", products)) {
            VersioningSchema.createAndSeed(pool, options.schema(), products, (done, total) -> bar.stepTo(done));
        }
        out.printf(Locale.ROOT, "Seeded in %.1f s.%n", (System.nanoTime() - seedStart) / 1e9);
        try (DemoRun run = new DemoRun(pool, jdbcUrl, options, products, out)) {
            return run.sweep(rtts);
        }
    }

    private Measurement sweep(List<Duration> rtts) throws Exception {
        // Warm-up on other products, at most half of what is left once the measured ones are picked.
        long spare = (products - options.changes()) / 2;
        int warmNew = (int) Math.min(Math.min(DemoWarmUp.WARM_UP_NEW, options.changes() / 2), spare);
        int warmOld = (int) Math.min(Math.min(DemoWarmUp.WARM_UP_OLD, options.oldChanges() / 2), spare);
        int rounds = DemoWarmUp.maxRounds(spare, warmNew, warmOld);
        List<Long> picked = ChangeWorkload.pick(products, options.changes() + rounds * warmNew + warmOld, CHANGE_SEED);
        List<Long> changed = picked.subList(0, options.changes());
        List<Long> oldChanged = changed.subList(0, options.oldChanges());
        if (warmNew > 0 && warmOld > 0) {
            out.printf(Locale.ROOT, "Warming up on other products (not measured): rounds of %,d for the new pipeline, in batches of %d, then of %d,"
                    + " until the JIT compilers are nearly idle (at most %d rounds), %,d for the old...%n",
                    warmNew, DemoWarmUp.smallBatch(options.batchSize()), options.batchSize(), rounds, warmOld);
            DemoWarmUp.warmNew(picked.subList(options.changes(), options.changes() + rounds * warmNew), warmNew, rounds, options.batchSize(),
                    deployment::jitMillis, (ids, batch, task) -> newRun(ids, options.workers(), batch, task), out);
            oldRun(picked.subList(options.changes() + rounds * warmNew, picked.size()), "warm-up");
        }
        List<AtRtt> runs = new ArrayList<>();
        for (Duration rtt : rtts) {
            deployment.rtt(rtt);
            writerRelay.rtt(rtt);
            String at = String.format(Locale.ROOT, "RTT %s ms", DemoReport.millis(rtt));
            out.printf(Locale.ROOT, "%s: new pipeline, %,d changes, %d workers, batches of %d...%n", at, changed.size(), options.workers(), options.batchSize());
            PipelineRun newRun = newRun(changed, options.workers(), options.batchSize(), "new, " + at);
            out.printf(Locale.ROOT, "%s: new pipeline, 1 worker...%n", at);
            PipelineRun oneWorker = newRun(changed, 1, options.batchSize(), "new 1w, " + at);
            out.printf(Locale.ROOT, "%s: old pipeline, %,d changes, one cron run (scan, then one service call per record)...%n", at, oldChanged.size());
            PipelineRun oldRun = oldRun(oldChanged, "old, " + at);
            runs.add(new AtRtt(rtt, newRun, oneWorker, oldRun));
        }
        return new Measurement(products, options.changes(), options.oldChanges(), runs);
    }

    private PipelineRun newRun(List<Long> ids, int workers, int batchSize, String task) throws Exception {
        if (!captureInstalled) {
            capture.install();
            captureInstalled = true;
        }
        deployment.startNewWorkers(workers, batchSize);
        checkpoint();
        DemoCounters before = counters();
        long start = System.nanoTime();
        workload.apply(ids);
        double written = (System.nanoTime() - start) / 1e9;
        awaitPublished(task, ids.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        DemoCounters after = counters();
        long[] batches = deployment.stopNewWorkers();
        out.printf(Locale.ROOT, "  %s: %,d changes written (and captured) in %.2f s, all published after %.2f s%n", task, ids.size(), written, seconds);
        checkEndState(task);
        return run(ids.size(), seconds, written, before, after, batches[0], true);
    }

    private PipelineRun oldRun(List<Long> ids, String task) throws Exception {
        if (captureInstalled) {
            capture.uninstall();
            captureInstalled = false;
        }
        checkpoint();
        DemoCounters before = counters();
        long start = System.nanoTime();
        workload.apply(ids);
        double written = (System.nanoTime() - start) / 1e9;
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread cron = new Thread(() -> {
            try {
                outcome.set(deployment.runOldOnce(options.oldTimeLimit()));
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "old-pipeline-run");
        cron.start();
        follow(task, ids.size(), () -> cron.isAlive() ? deployment.versioningCalls() - before.calls() : ids.size());
        cron.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        DemoCounters after = counters();
        if (outcome.get() instanceof Exception e) {
            throw new IllegalStateException("the old pipeline's cron run failed: " + e.getMessage(), e);
        }
        OldPipeline.RunStats stats = (OldPipeline.RunStats) outcome.get();
        if (!stats.complete()) {
            out.printf(Locale.ROOT, "Old pipeline stopped at its time limit (%s) after %,d of %,d records; measured on those, the rest finished unmeasured.%n",
                    options.oldTimeLimit(), stats.versioned(), ids.size());
            deployment.runOldOnce(Duration.ofHours(1));
        }
        checkEndState(task);
        return run(stats.versioned(), seconds, written, before, after, 0, stats.complete());
    }

    private PipelineRun run(long records, double seconds, double written, DemoCounters before, DemoCounters after, long batches, boolean complete) {
        return after.since(before, records, seconds, written, batches, complete);
    }

    private DemoCounters counters() throws Exception {
        return new DemoCounters(deployment.countsByNode(), deployment.roundTrips(), deployment.versioningCalls(), deployment.delayPaidNanos(),
                deployment.roundTripsByHop(), deployment.connectionsByHop());
    }

    /** Every change versioned, every version consistent, nothing left in the queue: checked after every run, outside its clock. */
    private void checkEndState(String task) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("end_state_check")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long pending = rs.getLong(1);
            long missing = rs.getLong(2);
            long stale = rs.getLong(3);
            long queued = sluice.queues().stats(NewPipeline.QUEUE).depth();
            if (pending + missing + stale + queued != 0) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "end state wrong after %s: %d products still pending, %d current versions without a version row, %d stale published rows, %d messages queued",
                        task, pending, missing, stale, queued));
            }
        }
    }

    /** Vacuums ({@code settle_tables.sql}) and checkpoints before each measured pipeline: none pays for another's. */
    private void checkpoint() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql.get("settle_tables"));
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            out.println("No CHECKPOINT before the measurement (" + e.getMessage().trim()
                    + "); the figures may include one. Grant pg_checkpoint (PostgreSQL 15+) or run as a superuser to avoid that.");
        }
    }

    /**
     * Waits until every message is acknowledged: the queue is empty once the last batch has committed.
     * The queue's depth is a count over the whole ready stream, so it is asked for only every 250 ms
     * while the workers' own count of versions written (no query) is short of {@code total}, and every
     * 5 ms after: polling it every 5 ms throughout put about 200 counts a second on the database
     * whose work is being timed.
     */
    private void awaitPublished(String task, long total) throws Exception {
        try (ProgressBar bar = bar(task, total)) {
            long nextDepthCheck = System.nanoTime();
            while (true) {
                long written = deployment.newVersionsWritten();
                bar.stepTo(Math.min(written, total));
                if (written >= total || System.nanoTime() >= nextDepthCheck) {
                    if (sluice.queues().stats(NewPipeline.QUEUE).depth() == 0) {
                        bar.stepTo(total);
                        return;
                    }
                    nextDepthCheck = System.nanoTime() + 250_000_000L;
                }
                Thread.sleep(5);
            }
        }
    }

    static ProgressBar bar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
    }

    /** Draws a bar until {@code done} reaches {@code total}, polling every 5 ms. */
    private static void follow(String task, long total, LongSupplier done) throws InterruptedException {
        try (ProgressBar bar = bar(task, total)) {
            long current;
            while ((current = done.getAsLong()) < total) {
                bar.stepTo(current);
                Thread.sleep(5);
            }
            bar.stepTo(total);
        }
    }

    @Override
    public void close() {
        try {
            deployment.close();
        } finally {
            writerPool.close();
            writerRelay.close();
            sluice.close();
        }
    }
}
