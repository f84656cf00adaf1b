package dev.sluice.bench;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The floor Sluice's latency is compared with: hand-written JDBC, no library, with as many consumers
 * as Sluice has workers. A producer inserts a row and {@code pg_notify}s in one transaction; a
 * listener thread LISTENs on its own connection and wakes one consumer per notification (a consumer
 * whose claim came back full wakes another, as Sluice's workers do); each, on its own connection, claims with the SKIP LOCKED {@code DELETE ... RETURNING} in a transaction, stamps the
 * rows (the point where Sluice's handler starts: claimed, not yet committed), commits, and claims
 * again until a claim comes back short. Its latency is what any LISTEN/NOTIFY queue pays on this
 * machine under its current load.
 */
final class LatencyBaseline implements AutoCloseable {

    private static final long POLL_MILLIS = 1_000;

    private final String url;
    private final int batch;
    private final AtomicLongArray started;
    private final AtomicLong handled;
    private final Connection listen;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeup = new Object();
    private long generation; // guarded by wakeup: bumped by every notification
    private volatile boolean running = true;

    /** Creates the table and starts {@code consumers} consumers, which stamp {@code started[seq]} and count {@code handled}. */
    LatencyBaseline(String url, int consumers, int batch, AtomicLongArray started, AtomicLong handled) throws SQLException {
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
        threads.add(new Thread(this::listen, "latency-baseline-listener"));
        for (int i = 0; i < consumers; i++) {
            threads.add(new Thread(this::consume, "latency-baseline-consumer-" + i));
        }
        threads.forEach(Thread::start);
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

    private void listen() {
        try {
            org.postgresql.PGConnection pg = listen.unwrap(org.postgresql.PGConnection.class);
            while (running) {
                if (pg.getNotifications(100) != null) {
                    signal();
                }
            }
        } catch (SQLException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void signal() {
        synchronized (wakeup) {
            generation++;
            wakeup.notify();
        }
    }

    private void consume() {
        try (Connection c = DirectConnections.open(url); PreparedStatement claim = c.prepareStatement(sql("latency_baseline_claim.sql"))) {
            c.setAutoCommit(false);
            while (running) {
                long seen;
                synchronized (wakeup) {
                    seen = generation;
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
                    c.commit();
                    handled.addAndGet(n);
                    if (n >= batch) {
                        signal(); // likely more: recruit another consumer
                    }
                } while (n >= batch && running);
                synchronized (wakeup) {
                    // A notification that came while we claimed may be for a row our snapshot missed: claim again.
                    if (generation == seen && running) {
                        wakeup.wait(POLL_MILLIS);
                    }
                }
            }
        } catch (SQLException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        for (Thread t : threads) {
            t.join();
        }
        listen.close();
        try (Connection admin = DirectConnections.open(url); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE bench_latency_baseline");
        }
    }

    private static String sql(String name) {
        return SqlTemplate.load(LatencyBaseline.class, name).render(Map.of());
    }
}
