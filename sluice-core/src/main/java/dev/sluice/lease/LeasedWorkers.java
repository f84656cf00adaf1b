package dev.sluice.lease;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.worker.Wakeup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leased worker threads of one queue in this process ({@code Sluice.startLeasedWorkers}). Each
 * thread leases a batch (the claim commits at once), runs the handler with no connection or
 * transaction held, and settles what the handler left: acknowledged if it returned, failed if it
 * threw. A heartbeat thread extends the leases of running handlers every {@code heartbeat}, so a
 * lease expires only when this process stops extending it (it died, or lost the database).
 */
public final class LeasedWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeasedWorkers.class);
    private static final long PROMOTE_NANOS = 50_000_000L;

    private final String queue;
    private final LeaseOptions options;
    private final Leases leases;
    private final LeasedHandler handler;
    private final Wakeup wakeup;
    private final DataSource dataSource;
    private final String promoteSql;
    private final long pollMillis;
    private final Duration shutdownTimeout;
    private final Runnable onClose;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Lease> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    private final AtomicLong lastPromote = new AtomicLong(System.nanoTime() - PROMOTE_NANOS);
    private final Object pause = new Object();
    private volatile boolean open = true;

    /** Created by {@code Sluice.startLeasedWorkers}; not for direct use. */
    public LeasedWorkers(DataSource dataSource, QueueTable table, QueueStatements statements, Leases leases, LeaseOptions options,
                         LeasedHandler handler, Wakeup wakeup, Duration pollInterval, Duration shutdownTimeout, Runnable onClose) {
        this.queue = table.queue();
        this.dataSource = dataSource;
        this.leases = leases;
        this.options = options;
        this.handler = handler;
        this.wakeup = wakeup;
        this.pollMillis = pollInterval.toMillis();
        this.shutdownTimeout = shutdownTimeout;
        this.onClose = onClose;
        // Retries wait in the scheduled table; whoever consumes the queue moves them back when due.
        this.promoteSql = statements.get(dev.sluice.worker.Workers.class, "promote.sql", table);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-" + queue + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (!options.heartbeat().isZero()) {
            long every = options.heartbeat().toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < options.concurrency(); i++) {
            Thread t = new Thread(this::loop, "sluice-" + queue + "-leased-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** The queue these workers serve. */
    public String queue() {
        return queue;
    }

    /** The options they run with. */
    public LeaseOptions options() {
        return options;
    }

    /** Whether the workers are still running. */
    public boolean isRunning() {
        return open;
    }

    private void loop() {
        int errors = 0;
        while (open) {
            try {
                promoteIfDue();
                Lease lease = leases.claim(queue, options.batchSize(), options.lease(), options.maxAttempts(), options);
                errors = 0;
                Lease.HeldBack held = lease.heldBack(); // a global limit of the queue (QueueLimits)
                long resumeAt = held == null ? 0 : System.nanoTime() + held.retryAfter().toNanos();
                if (lease.isEmpty()) {
                    if (held != null) {
                        pauseUntil(resumeAt); // new messages would not get through the limit either
                        continue;
                    }
                    wakeup.await(pollMillis);
                    lastPromote.set(System.nanoTime() - PROMOTE_NANOS); // the wake-up may be a retry coming due
                    continue;
                }
                if (held == null && lease.messages().size() >= options.batchSize()) {
                    wakeup.signal(); // likely more: recruit another worker
                }
                handle(lease);
                if (held != null) {
                    pauseUntil(resumeAt); // cut short by the rate: come back for a claim's worth, not for the next token
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                errors++;
                long delay = Math.min(5_000, 50L << Math.min(errors, 7));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                if (errors <= 3 || errors % 20 == 0) {
                    log.warn("Leased worker of queue {} hit an error (attempt {}), retrying in {} ms: {}", queue, errors, delay, e.toString());
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(Lease lease) {
        running.add(lease);
        try {
            Exception error = null;
            try {
                handler.handle(lease);
            } catch (Exception e) {
                error = e;
            }
            try {
                if (error == null) {
                    lease.ack();
                } else {
                    lease.fail(error.toString());
                }
            } catch (LeaseLostException lost) {
                log.warn("Leased batch of queue {} finished after its lease was lost; its messages are redelivered: {}",
                        queue, lost.getMessage());
            }
        } finally {
            running.remove(lease);
        }
    }

    /** Waits until {@code nanoTime} reaches {@code resumeAt}, or the workers close. */
    private void pauseUntil(long resumeAt) throws InterruptedException {
        synchronized (pause) {
            long left;
            while (open && (left = resumeAt - System.nanoTime()) > 0) {
                pause.wait(Math.max(1, left / 1_000_000L), (int) Math.max(0, left % 1_000_000L));
            }
        }
    }

    /** Extends the lease of every running handler; a lost lease is logged (the handler finds out when it settles). */
    private void beat() {
        for (Lease lease : running) {
            try {
                lease.extend(options.lease());
            } catch (LeaseLostException lost) {
                log.warn("Lease {} of queue {} expired before its heartbeat; its messages are being redelivered", lease.token(), queue);
            } catch (RuntimeException e) {
                log.warn("Heartbeat of lease {} of queue {} failed, will retry: {}", lease.token(), queue, e.toString());
            }
        }
    }

    private void promoteIfDue() {
        long last = lastPromote.get();
        long now = System.nanoTime();
        if (now - last < PROMOTE_NANOS || !lastPromote.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(promoteSql)) {
            ps.setInt(1, 900); // the rows due longest, then the newest of those due in the last 100 ms (promote.sql)
            ps.setInt(2, 100);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            log.debug("Promotion of due messages of queue {} failed, will retry: {}", queue, e.toString());
        }
    }

    /**
     * Stops claiming and lets running handlers finish within the shutdown timeout (their leases are
     * still extended meanwhile); a handler still running after that is interrupted, and its lease
     * expires and is redelivered.
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        wakeup.signalAll();
        synchronized (pause) {
            pause.notifyAll();
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                log.warn("Leased worker {} did not finish within {}; interrupting it (its lease will expire and be redelivered)",
                        t.getName(), shutdownTimeout);
                t.interrupt();
            }
        }
        heartbeat.shutdownNow();
        onClose.run();
    }
}
