package dev.sluice.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's consumer of one subscription: one thread that repeatedly takes the subscription's
 * lock, reads the next batch after its position, runs the handler and advances the position, all
 * in one transaction. Close it (or the {@link Streams}) to stop; a batch in flight finishes first.
 *
 * <p>Several processes may run a consumer of the same subscription. They never both handle a batch:
 * each batch transaction first tries the subscription's advisory lock, and whoever fails it waits for
 * the next notification or poll. When the process holding it dies, its transaction rolls back, the
 * lock goes with its connection, and another process takes the next batch from the last committed
 * position within one poll interval.
 */
public final class Subscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    enum Outcome { DELIVERED, PENDING, IDLE, BUSY, FAILED }

    private final StreamTable table;
    private final String name;
    private final SubscriberOptions options;
    private final BatchReader reader;
    private final Runnable onClose;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Counter consumedCounter;
    private final Counter failureCounter;
    private final AtomicLong delivered = new AtomicLong();
    private final long shutdownMillis;
    private boolean signalled;
    private volatile boolean running = true;
    private int failures;
    private int pendingRounds;

    Subscriber(DataSource dataSource, StreamTable table, String name, SubscriberOptions options, StreamHandler handler,
               MeterRegistry registry, long shutdownMillis, Runnable onClose) {
        this.table = table;
        this.name = name;
        this.options = options;
        this.reader = new BatchReader(dataSource, table, name, options.batchSize(), handler);
        this.onClose = onClose;
        this.shutdownMillis = shutdownMillis;
        this.consumedCounter = registry == null ? null : Counter.builder("sluice.stream.consumed")
                .description("Events handled and committed by this process").tag("stream", table.stream()).tag("subscription", name)
                .register(registry);
        this.failureCounter = registry == null ? null : Counter.builder("sluice.stream.batch.failures")
                .description("Batches whose handler or commit failed").tag("stream", table.stream()).tag("subscription", name)
                .register(registry);
        this.thread = new Thread(this::loop, "sluice-stream-" + table.stream() + "-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public String stream() {
        return table.stream();
    }

    public String subscription() {
        return name;
    }

    /** Events this process has handled and committed. */
    public long delivered() {
        return delivered.get();
    }

    /** Looks for events now (called on NOTIFY). */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            Outcome outcome = runOnce();
            switch (outcome) {
                case DELIVERED -> pendingRounds = 0;
                case PENDING -> {
                    // Committed events wait behind an older transaction still running: look again soon,
                    // sooner than a poll, as its end may send no notification (it may not append here).
                    pendingRounds++;
                    await(Math.min(options.pollInterval().toMillis(), 2L << Math.min(pendingRounds, 8)));
                }
                case IDLE, BUSY -> {
                    pendingRounds = 0;
                    await(options.pollInterval().toMillis());
                }
                case FAILED -> {
                    double ceiling = Math.min(options.maxBackoff().toMillis(), 100.0 * Math.pow(2, Math.min(failures - 1, 20)));
                    sleepUninterrupted((long) (ceiling * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5)));
                }
            }
        }
    }

    Outcome runOnce() {
        try {
            BatchReader.Result r = reader.runOnce();
            if (r.outcome() == Outcome.DELIVERED) {
                failures = 0;
                delivered.addAndGet(r.count());
                if (consumedCounter != null) {
                    consumedCounter.increment(r.count());
                }
            }
            return r.outcome();
        } catch (Exception e) {
            failures++;
            if (failureCounter != null) {
                failureCounter.increment();
            }
            if (running) {
                log.warn("Subscription {} of stream {}: batch failed (attempt {}), will retry from the last committed position: {}",
                        name, table.stream(), failures, e.toString());
            }
            return Outcome.FAILED;
        }
    }

    private void await(long millis) {
        lock.lock();
        try {
            if (!signalled && running) {
                wake.await(millis, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** A backoff: notifications do not shorten it, closing does. */
    private void sleepUninterrupted(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the batch in flight (waiting up to Sluice's shutdownTimeout). */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        signal();
        try {
            thread.join(shutdownMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Subscription {} of stream {}: the batch in flight did not finish within {} ms; it will roll back",
                    name, table.stream(), shutdownMillis);
            thread.interrupt();
        }
        onClose.run();
    }
}
