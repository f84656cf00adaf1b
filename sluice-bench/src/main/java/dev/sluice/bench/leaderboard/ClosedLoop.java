package dev.sluice.bench.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Throughput: {@code threads} threads take the next batch of a fixed list until none is left. */
final class ClosedLoop {

    /** Events committed, over how long. */
    record Throughput(long committed, double seconds) {
        double perSecond() {
            return seconds == 0 ? 0 : committed / seconds;
        }
    }

    private ClosedLoop() {
    }

    static Throughput run(Board board, List<List<ScoreSource.Score>> batches, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong committed = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < batches.size() && failure.get() == null; i = next.getAndIncrement()) {
                    try {
                        committed.addAndGet(board.ingest(batches.get(i)));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "bench-closed-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("Ingest failed during the throughput phase: " + failure.get(), failure.get());
        }
        return new Throughput(committed.get(), seconds);
    }
}
