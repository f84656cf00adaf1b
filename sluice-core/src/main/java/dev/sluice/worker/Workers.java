package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads of one queue in this process. Each thread claims a batch, runs the handler and
 * commits, again at once while batches come back full, and otherwise waits for a wake-up or the
 * poll interval ({@link IdleWait}). Database errors (a restart, a lost connection) are logged and retried with
 * backoff; the transaction of the batch in flight is aborted by PostgreSQL, so its messages return.
 */
public final class Workers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final String queue;
    private final WorkerOptions options;
    private final BatchExecutor executor;
    private final ClaimGate gate;
    private final Wakeup wakeup;
    private final long pollMillis;
    private final Duration shutdownTimeout;
    private final List<Thread> threads = new ArrayList<>();
    private final Runnable onClose;
    private volatile boolean running = true;

    /** Created by {@code Sluice.startWorkers}; not for direct use. */
    public Workers(DataSource dataSource, QueueTable table, QueueStatements statements, BatchHandler handler, WorkerOptions options,
                   Wakeup wakeup, QueueCounters counters, Duration pollInterval, Duration sweepInterval, Duration shutdownTimeout,
                   ClaimObserver claimObserver, Runnable onClose) {
        this.queue = table.queue();
        this.options = options;
        this.wakeup = wakeup;
        this.pollMillis = pollInterval.toMillis();
        this.shutdownTimeout = shutdownTimeout;
        this.onClose = onClose;
        this.gate = new ClaimGate(table, statements);
        this.executor = new BatchExecutor(dataSource, table, statements, handler, options, new ClaimCursor(sweepInterval.toNanos()),
                counters, claimObserver, gate, wakeup);
        for (int i = 0; i < options.concurrency(); i++) {
            Thread t = new Thread(this::loop, "sluice-" + queue + "-" + i);
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
    public WorkerOptions options() {
        return options;
    }

    /**
     * Makes the workers read the queue's global limits ({@link dev.sluice.queue.QueueLimits}) again
     * before their next claim; Sluice calls it on the queue's "resume" notification.
     */
    public void refreshLimits() {
        gate.refreshSoon();
        wakeup.signalAll();
    }

    /** Whether the workers are still running. */
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        int consecutiveErrors = 0;
        boolean scheduledCheckOwed = false;
        while (running) {
            try {
                int claimed = executor.runOnce();
                consecutiveErrors = 0;
                if (claimed >= options.batchSize()) {
                    wakeup.signal(); // likely more: recruit another worker
                } else if (running) {
                    // A short batch saw every ready message: wait for the next wake-up, the poll, the
                    // next scheduled message coming due, or the queue's global limits letting the next
                    // claim through (ClaimGate).
                    long wait = IdleWait.millis(pollMillis, executor.millisUntilNextDue(), gate.millisUntilOpen(), scheduledCheckOwed);
                    if (wakeup.await(wait)) {
                        // Woken: most wake-ups are messages made ready, claimed next without a detour.
                        // Some are messages scheduled for later, whose due time the next check of the
                        // scheduled messages learns: that check is owed within IdleWait.CHECK_OWED_MILLIS.
                        scheduledCheckOwed = true;
                    } else {
                        scheduledCheckOwed = false;
                        executor.checkScheduledSoon(); // the poll, or a scheduled message coming due
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                consecutiveErrors++;
                long delay = Math.min(5_000, 50L << Math.min(consecutiveErrors, 7));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                if (consecutiveErrors <= 3 || consecutiveErrors % 20 == 0) {
                    log.warn("Worker of queue {} hit a database error (attempt {}), retrying in {} ms: {}",
                            queue, consecutiveErrors, delay, e.toString());
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

    /**
     * Stops claiming, lets batches in flight finish within the configured shutdown timeout, then
     * interrupts what is left (its transactions roll back and the messages return to the queue).
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        wakeup.signalAll();
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Thread t : threads) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                log.warn("Worker {} did not finish within {}; interrupting it (its batch will be retried)", t.getName(), shutdownTimeout);
                t.interrupt();
            }
        }
        executor.close();
        onClose.run();
    }
}
