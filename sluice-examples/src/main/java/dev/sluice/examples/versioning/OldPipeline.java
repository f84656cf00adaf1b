package dev.sluice.examples.versioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old pipeline, built as the write-up describes it: a cron job that, every interval, scans the
 * products table for work ({@code old_scan.sql}: every row, every run) and calls the Versioning
 * service once per record; the service reads the product and its owner with one call each and
 * writes the version in a transaction of its own.
 *
 * <p>Runs are started on schedule whether or not the previous run has finished, so a slow run
 * overlaps the next, which scans again and finds much of the same work. The optimistic check in
 * {@link VersionStore#applyOne} keeps overlapping runs from writing a version twice; the duplicate
 * reads and calls still happen, as they did in the write-up.
 */
public final class OldPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OldPipeline.class);

    /** What one cron run did. */
    public record RunStats(long scanned, long versioned, long skipped, long conflicts, long scanMillis, long totalMillis, boolean complete) {
    }

    private final DataSource dataSource;
    private final VersioningSql sql;
    private final ServiceClient versioning;
    private final AtomicLong versioned = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxOverlap = new AtomicInteger();
    private final AtomicInteger runsStarted = new AtomicInteger();
    private ScheduledExecutorService cron;
    private ExecutorService runs;

    public OldPipeline(DataSource dataSource, String schema, HttpClient http, URI versioningService) {
        this.dataSource = dataSource;
        this.sql = new VersioningSql(schema);
        this.versioning = new ServiceClient(http, versioningService);
    }

    /**
     * Starts the cron: a run every {@code interval}, each on its own thread, overlapping when a run
     * takes longer than the interval.
     */
    public synchronized void start(Duration interval) {
        if (cron != null) {
            throw new IllegalStateException("already started");
        }
        runs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "old-pipeline-run");
            t.setDaemon(true);
            return t;
        });
        cron = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "old-pipeline-cron");
            t.setDaemon(true);
            return t;
        });
        cron.scheduleAtFixedRate(() -> runs.submit(() -> {
            try {
                runOnce(() -> !runs.isShutdown());
            } catch (RuntimeException | SQLException e) {
                LOG.warn("cron run failed: {}", e.toString());
            }
        }), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One cron run: scan, then one Versioning service call per record found, while {@code keepGoing}. */
    public RunStats runOnce(BooleanSupplier keepGoing) throws SQLException {
        runsStarted.incrementAndGet();
        maxOverlap.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            long start = System.nanoTime();
            List<Long> ids = scan();
            long scanned = System.nanoTime();
            long done = 0;
            long skipped = 0;
            long conflicts = 0;
            for (Long id : ids) {
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
                calls.incrementAndGet();
                String outcome = versioning.post("/versions/one", new Wire.One(id), Wire.Outcome.class).outcome();
                switch (outcome) {
                    case "versioned" -> {
                        done++;
                        versioned.incrementAndGet();
                    }
                    case "conflict" -> conflicts++;
                    default -> skipped++;
                }
            }
            long end = System.nanoTime();
            return new RunStats(ids.size(), done, skipped, conflicts, (scanned - start) / 1_000_000, (end - start) / 1_000_000,
                    done + skipped + conflicts == ids.size());
        } finally {
            running.decrementAndGet();
        }
    }

    private List<Long> scan() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("old_scan"));
             ResultSet rs = ps.executeQuery()) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    /** Versions written by all runs so far. */
    public long versioned() {
        return versioned.get();
    }

    /** Calls made to the Versioning service so far. */
    public long calls() {
        return calls.get();
    }

    /** Runs started so far. */
    public int runsStarted() {
        return runsStarted.get();
    }

    /** The most runs that were in progress at the same time. */
    public int maxOverlap() {
        return maxOverlap.get();
    }

    /** Stops the cron and asks running runs to stop after their current record. */
    @Override
    public synchronized void close() {
        if (cron != null) {
            cron.shutdownNow();
            runs.shutdown();
            try {
                runs.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
