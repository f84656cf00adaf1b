package dev.sluice.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A peer that runs in this JVM: the load (producers, the burn-down clock, the open-loop latency
 * schedule) is the same for each; subclasses say how the library enqueues, starts and stops
 * workers, and counts what is pending.
 */
abstract class InProcessPeer implements Peer {

    static final int ENQUEUE_BATCH = 2_000;
    static final int PRODUCERS = 4;
    /**
     * Latency producers, as request threads of a service: enough concurrent commits (which share WAL
     * flushes) that the offered rate, not one commit's fsync, sets the pace on a slow disk.
     */
    static final int LATENCY_PRODUCERS = 32;

    /** Where handlers report the id they ran; set per phase. */
    private volatile IntConsumer sink = id -> { };

    /** Subclass handlers call this with the job's id, first thing. */
    protected final void handled(int id) {
        sink.accept(id);
    }

    /**
     * The job id in a payload {@code {"i": N}} as the database returns it, read without a JSON parse
     * (as cheap as the other peers' {@code Integer.parseInt} of their job's name or id); -1 if none.
     */
    protected static int idOf(String json) {
        int value = 0;
        boolean digits = false;
        for (int i = 0; i < json.length(); i++) {
            char ch = json.charAt(i);
            if (ch >= '0' && ch <= '9') {
                value = value * 10 + (ch - '0');
                digits = true;
            } else if (digits) {
                break;
            }
        }
        return digits ? value : -1;
    }

    /** Enqueues ids {@code from..to-1} in one call of the bulk API. */
    protected abstract void enqueueBatch(int from, int to) throws Exception;

    /** Enqueues one job with the single-job API. */
    protected abstract void enqueueOne(int id) throws Exception;

    protected abstract void startWorkers() throws Exception;

    /** Stops the workers, letting running handlers finish. */
    protected abstract void stopWorkers() throws Exception;

    @Override
    public double enqueue(int from, int n, AtomicLong done) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        runOnThreads("enqueue", PRODUCERS, () -> {
            int offset;
            while ((offset = next.getAndAdd(ENQUEUE_BATCH)) < n) {
                int to = Math.min(n, offset + ENQUEUE_BATCH);
                enqueueBatch(from + offset, from + to);
                done.addAndGet(to - offset);
            }
        });
        return seconds(start);
    }

    @Override
    public double burnDown(int n, HandledIds handled, AtomicLong progress) throws Exception {
        sink = handled::handled;
        long start = System.nanoTime();
        startWorkers();
        try {
            Waits.until(name() + " burn-down", handled::total, n);
            Waits.untilNothingPending(name(), this::pending);
            return seconds(start);
        } finally {
            stopWorkers();
        }
    }

    @Override
    public void latency(int rate, int total, double[] latencyMicros, HandledIds handled, AtomicLong progress) throws Exception {
        java.util.Arrays.fill(latencyMicros, -1);
        long[] t0 = new long[1];
        sink = id -> {
            long now = System.nanoTime();
            if (id >= 0 && id < total && latencyMicros[id] < 0) {
                latencyMicros[id] = (now - due(t0[0], id, rate)) / 1_000.0;
            }
            handled.handled(id);
        };
        startWorkers();
        try {
            t0[0] = System.nanoTime() + 100_000_000L;
            AtomicInteger next = new AtomicInteger();
            // Several application threads enqueue, as in a service; each job at its due time (open loop).
            runOnThreads("latency-producer", LATENCY_PRODUCERS, () -> {
                int seq;
                while ((seq = next.getAndIncrement()) < total) {
                    LockSupport.parkNanos(due(t0[0], seq, rate) - System.nanoTime());
                    enqueueOne(seq);
                }
            });
            Waits.until(name() + " latency", handled::total, total);
            Waits.untilNothingPending(name(), this::pending);
        } finally {
            stopWorkers();
        }
    }

    private static long due(long t0, int seq, int rate) {
        return t0 + seq * 1_000_000_000L / rate;
    }

    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads and rethrows the first failure. */
    static void runOnThreads(String name, int threads, Work work) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    work.run();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
