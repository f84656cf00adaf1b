package dev.sluice.maintenance;

import dev.sluice.lease.Leases;
import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.QueueOptions;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.worker.QueueCounters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import dev.sluice.jdbc.Isolation;
import dev.sluice.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep, one thread per Sluice instance: truncates drained queue slots, flushes
 * processed/failed counters to the queue catalogue, redelivers expired leases, and forgets
 * expired idempotency keys.
 * Every step is safe to run from several processes at once.
 */
public final class Maintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    private static final long TICK_MILLIS = 1_000;
    private static final long KEY_EXPIRY_EVERY_TICKS = 60;
    private static final long QUEUE_LIST_EVERY_TICKS = 10;
    private static final long ABORTED_CLEANUP_EVERY_TICKS = 600;

    private final DataSource dataSource;
    private final String schema;
    private final QueueAdmin admin;
    private final QueueStatements statements;
    private final SlotTruncator truncator;
    private final Duration idempotencyWindow;
    private final Map<String, QueueCounters> counters;
    private final Map<String, QueueOptions> queues = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final java.util.function.Consumer<String> onQueueFound;
    private final Leases leases;
    private long ticks;

    public Maintenance(DataSource dataSource, String schema, QueueAdmin admin, QueueStatements statements,
                       Duration idempotencyWindow, Map<String, QueueCounters> counters, java.util.function.Consumer<String> onQueueFound,
                       Leases leases) {
        this.leases = leases;
        this.dataSource = dataSource;
        this.schema = schema;
        this.admin = admin;
        this.statements = statements;
        this.truncator = new SlotTruncator(dataSource, statements);
        this.idempotencyWindow = idempotencyWindow;
        this.counters = counters;
        this.onQueueFound = onQueueFound;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-maintenance");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (ticks % QUEUE_LIST_EVERY_TICKS == 0) {
                refreshQueues();
            }
            for (Map.Entry<String, QueueOptions> q : queues.entrySet()) {
                QueueTable table = new QueueTable(schema, q.getKey());
                try {
                    truncator.truncateDrained(table, q.getValue());
                    if (ticks % KEY_EXPIRY_EVERY_TICKS == KEY_EXPIRY_EVERY_TICKS - 1) {
                        expireKeys(table);
                    }
                    if (ticks % ABORTED_CLEANUP_EVERY_TICKS == ABORTED_CLEANUP_EVERY_TICKS - 1) {
                        cleanUpAbortedDeliveries(table);
                    }
                } catch (SQLException e) {
                    log.debug("Maintenance of queue {} skipped: {}", q.getKey(), e.toString());
                }
            }
            rescueLeases();
            flushCounters();
        } catch (RuntimeException | SQLException e) {
            log.warn("Maintenance round failed, will retry: {}", e.toString());
        } finally {
            ticks++;
        }
    }

    /** Expired leases redelivered (or dead-lettered) within about a second of their deadline, in any queue. */
    private void rescueLeases() {
        try {
            leases.rescueAllExpired();
        } catch (SQLException | RuntimeException e) {
            log.debug("Lease rescue skipped, will retry: {}", e.toString());
        }
    }

    private void refreshQueues() {
        Map<String, QueueOptions> fresh = new ConcurrentHashMap<>();
        for (String name : admin.list()) {
            QueueOptions known = queues.get(name);
            if (known == null) {
                onQueueFound.accept(name);
            }
            fresh.put(name, known != null ? known : admin.options(name));
        }
        queues.keySet().retainAll(fresh.keySet());
        queues.putAll(fresh);
    }

    /** Adds this process's counts to the queues' totals. */
    public void flushCounters() throws SQLException {
        for (Map.Entry<String, QueueCounters> e : counters.entrySet()) {
            long[] delta = e.getValue().drain();
            if (delta[0] == 0 && delta[1] == 0 && delta[2] == 0) {
                continue;
            }
            QueueTable table = new QueueTable(schema, e.getKey());
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(statements.get(Maintenance.class, "flush_counters.sql", table))) {
                ps.setLong(1, delta[0]);
                ps.setLong(2, delta[1]);
                ps.setLong(3, delta[2]);
                ps.executeUpdate();
            } catch (SQLException ex) {
                e.getValue().restore(delta);
                throw ex;
            }
        }
    }

    private void expireKeys(QueueTable table) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(Maintenance.class, "expire_idempotency_keys.sql", table))) {
            ps.setDouble(1, idempotencyWindow.toMillis() / 1000.0);
            ps.executeUpdate();
        }
    }

    /**
     * Removes aborted-delivery records (worker/aborted_record.sql) of messages gone from the queue for
     * an hour (aborted_cleanup.sql); batches remove their own, this only catches what they missed.
     */
    private void cleanUpAbortedDeliveries(QueueTable table) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(Maintenance.class, "aborted_cleanup.sql", table))) {
            ps.executeUpdate();
        }
    }

    /** Runs the truncation step for one queue now (tests and benchmarks use it). */
    public int truncateDrainedSlots(String queue) throws SQLException {
        QueueTable table = new QueueTable(schema, queue);
        return truncator.truncateDrained(table, admin.options(queue));
    }

    /** Runs the key expiry step for one queue now. */
    public void expireIdempotencyKeys(String queue) throws SQLException {
        expireKeys(new QueueTable(schema, queue));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            flushCounters();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("Final counter flush failed: {}", e.toString());
        }
    }
}
