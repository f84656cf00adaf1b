package dev.sluice.bench;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The floor Sluice's latency is compared with: hand-written JDBC, no library. A producer inserts a row
 * and {@code pg_notify}s in one transaction; one consumer thread LISTENs on its own connection and, on
 * each notification, runs the SKIP LOCKED {@code DELETE ... RETURNING} until the table is empty. Its
 * latency, commit to the DELETE's return, is what any LISTEN/NOTIFY queue pays on this machine under
 * its current load.
 */
final class LatencyBaseline implements AutoCloseable {

    private final String url;
    private final int batch;
    private final AtomicLongArray started;
    private final AtomicLong handled;
    private final Connection listen;
    private final Thread consumer;
    private volatile boolean running = true;

    /** Creates the table and starts the consumer, which stamps {@code started[seq]} and counts {@code handled}. */
    LatencyBaseline(String url, int batch, AtomicLongArray started, AtomicLong handled) throws SQLException {
        this.url = url;
        this.batch = batch;
        this.started = started;
        this.handled = handled;
        try (Connection admin = DirectConnections.open(url); Statement s = admin.createStatement()) {
            s.execute(sql("latency_baseline_create.sql"));
        }
        listen = DirectConnections.open(url);
        try (Statement s = listen.createStatement()) {
            s.execute("LISTEN bench_latency_baseline");
        }
        consumer = new Thread(this::consume, "latency-baseline-consumer");
        consumer.start();
    }

    /** A producer's connection: {@code send(seq)} inserts one message and its NOTIFY and commits. */
    static final class Producer implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement enqueue;

        Producer(String url) throws SQLException {
            c = DirectConnections.open(url);
            c.setAutoCommit(false);
            enqueue = c.prepareStatement(sql("latency_baseline_enqueue.sql"));
        }

        void send(int seq) throws SQLException {
            enqueue.setInt(1, seq);
            enqueue.executeQuery().close();
            c.commit();
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    private void consume() {
        try (PreparedStatement claim = listen.prepareStatement(sql("latency_baseline_claim.sql"))) {
            org.postgresql.PGConnection pg = listen.unwrap(org.postgresql.PGConnection.class);
            while (running) {
                if (pg.getNotifications(100) == null) {
                    continue;
                }
                int n;
                do {
                    claim.setInt(1, batch);
                    n = 0;
                    try (ResultSet rs = claim.executeQuery()) {
                        long now = System.nanoTime();
                        while (rs.next()) {
                            started.compareAndSet(rs.getInt(1), 0, now);
                            n++;
                        }
                    }
                    handled.addAndGet(n);
                } while (n > 0);
            }
        } catch (SQLException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        consumer.join();
        listen.close();
        try (Connection admin = DirectConnections.open(url); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE bench_latency_baseline");
        }
    }

    private static String sql(String name) {
        return SqlTemplate.load(LatencyBaseline.class, name).render(Map.of());
    }
}
