package dev.sluice.bench.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Ingest at a fixed offered rate: {@code threads} threads, each sending a batch on its own schedule
 * (one every threads x batch / rate seconds, staggered). A late thread sends at once and stays
 * behind its schedule: how late the batch in flight started is the backlog, in time. Batch latency counts from the
 * scheduled send, so a stall counts for every batch it delayed.
 */
final class OpenLoop implements AutoCloseable {

    /** What a run at one offered rate did. */
    record Outcome(double offeredPerSecond, long committed, double seconds, double lagMillis, Histogram batchLatencyMicros, long backlog) {
        double committedPerSecond() {
            return committed / seconds;
        }

        /**
         * Kept up: at the end no thread started its current batch more than 100 ms plus 5% of the run
         * after that batch's scheduled time (at 110% of capacity the backlog grows by 10% of the elapsed
         * time, so that fails; a slow batch alone does not, as long as the next one starts on time), and
         * what was committed but not yet in the leaderboards (the fold's backlog) is at most one second
         * of the offered rate, so reads stay within about a second of the commits.
         */
        boolean sustained() {
            return lagMillis <= 100 + 0.05 * seconds * 1000 && backlog <= offeredPerSecond;
        }
    }

    private final double rate;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong committed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLongArray nextSend;
    /** Per thread: how late its batch in flight started (0 when it is waiting for the next one). */
    private final AtomicLongArray startedLate;
    private final long interval;
    private final Recorder latency = new Recorder(3);
    private final Board board;
    private final long start = System.nanoTime();

    OpenLoop(Board board, ScoreSource source, int threads, int batchSize, double rate) {
        this.rate = rate;
        this.board = board;
        this.nextSend = new AtomicLongArray(threads);
        this.startedLate = new AtomicLongArray(threads);
        this.interval = (long) (1e9 * threads * batchSize / rate);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            nextSend.set(t, start + interval * t / threads);
            Thread w = new Thread(() -> {
                while (running.get()) {
                    long due = nextSend.get(thread);
                    LockSupport.parkNanos(due - System.nanoTime());
                    if (!running.get()) {
                        break;
                    }
                    startedLate.set(thread, Math.max(1, System.nanoTime() - due));
                    try {
                        committed.addAndGet(board.ingest(source.batch(batchSize)));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    nextSend.set(thread, due + interval);
                    // waiting for the next batch is not lateness; a next batch already due is
                    startedLate.set(thread, 0);
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
        for (int t = 0; t < nextSend.length(); t++) {
            // behind: the batch in flight started late, or (idle) the next one is already due
            long late = startedLate.get(t);
            lag = Math.max(lag, late > 0 ? late : end - nextSend.get(t));
        }
        long done = committed.get();
        long backlog = board.backlog();
        close();
        if (failure.get() != null) {
            throw new IllegalStateException("Ingest failed at " + Math.round(rate) + " events/s: " + failure.get(), failure.get());
        }
        return new Outcome(rate, done, (end - start) / 1e9, Math.max(0, lag) / 1e6, latency.getIntervalHistogram(), backlog);
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
