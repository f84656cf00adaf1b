package dev.sluice.bench.leaderboard;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One request type at a constant rate on one thread, timed open-loop: each latency counts from the
 * request's scheduled time, so a slow answer also delays (and counts in) the ones queued behind it.
 */
final class Paced implements AutoCloseable {

    /** The timed call. */
    interface Call {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Recorder latency = new Recorder(3);
    /** The call alone, from its actual start (not its schedule) to its return: what the call costs, without the wait for a core. */
    private final Recorder service = new Recorder(3);
    private Histogram serviceTimes;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Paced(String name, double perSecond, Call call) {
        long interval = (long) (1e9 / perSecond);
        thread = new Thread(() -> {
            long due = System.nanoTime();
            while (running.get()) {
                LockSupport.parkNanos(due - System.nanoTime());
                if (!running.get()) {
                    break;
                }
                long started = System.nanoTime();
                try {
                    call.run();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    return;
                }
                long done = System.nanoTime();
                latency.recordValue(Math.max(0, (done - due) / 1000));
                service.recordValue(Math.max(0, (done - started) / 1000));
                due += interval;
            }
        }, "bench-" + name);
        thread.start();
    }

    /** Stops, and returns the latencies in microseconds. */
    Histogram finish() throws InterruptedException {
        close();
        if (failure.get() != null) {
            throw new IllegalStateException(thread.getName() + " failed: " + failure.get(), failure.get());
        }
        serviceTimes = service.getIntervalHistogram();
        return latency.getIntervalHistogram();
    }

    /** After {@link #finish}: the calls' own durations in microseconds, each from its actual start. */
    Histogram serviceTimes() {
        return serviceTimes;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        LockSupport.unpark(thread);
        thread.join();
    }
}
