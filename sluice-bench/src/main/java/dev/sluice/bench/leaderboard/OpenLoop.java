package dev.sluice.bench.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Ingest at a fixed offered rate: {@code threads} threads, each sending a batch on its own schedule
 * (one every threads x batch / rate seconds, staggered). A late thread sends at once and stays
 * behind its schedule: the lag at the end is the backlog, in time. Batch latency counts from the
 * scheduled send, so a stall counts for every batch it delayed.
 */
final class OpenLoop implements AutoCloseable {

    /** What a run at one offered rate did. */
    record Outcome(double offeredPerSecond, long committed, double seconds, double lagMillis, double intervalMillis,
                   Histogram batchLatencyMicros) {
        double committedPerSecond() {
            return committed / seconds;
        }

        /**
         * Kept up: at the end no thread is further behind its schedule than two batch intervals or 5% of
         * the run (at 110% of capacity the backlog grows by 10% of the elapsed time, so that fails).
         */
        boolean sustained() {
            return lagMillis <= Math.max(2 * intervalMillis, 0.05 * seconds * 1000);
        }
    }

    private final double rate;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong committed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final long[] nextSend;
    private final long interval;
    private final Recorder latency = new Recorder(3);
    private final long start = System.nanoTime();

    OpenLoop(Board board, ScoreSource source, int threads, int batchSize, double rate) {
        this.rate = rate;
        this.nextSend = new long[threads];
        this.interval = (long) (1e9 * threads * batchSize / rate);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            nextSend[t] = start + interval * t / threads;
            Thread w = new Thread(() -> {
                while (running.get()) {
                    long due = nextSend[thread];
                    LockSupport.parkNanos(due - System.nanoTime());
                    if (!running.get()) {
                        break;
                    }
                    try {
                        committed.addAndGet(board.ingest(source.batch(batchSize)));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    nextSend[thread] = due + interval;
                }
            }, "bench-open-" + t);
            workers.add(w);
        }
        workers.forEach(Thread::start);
    }

    long committed() {
        return committed.get();
    }

    /** Stops and reports. */
    Outcome finish() throws Exception {
        long end = System.nanoTime();
        long lag = 0;
        for (long due : nextSend) {
            lag = Math.max(lag, end - due);
        }
        long done = committed.get();
        close();
        if (failure.get() != null) {
            throw new IllegalStateException("Ingest failed at " + Math.round(rate) + " events/s: " + failure.get(), failure.get());
        }
        return new Outcome(rate, done, (end - start) / 1e9, Math.max(0, lag) / 1e6, interval / 1e6,
                latency.getIntervalHistogram());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread w : workers) {
            LockSupport.unpark(w);
            w.join();
        }
    }
}
