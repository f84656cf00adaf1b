package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.queue.Message;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Enqueue throughput with the batch API, then the burn-down of everything enqueued with no-op handlers. */
final class ThroughputPhases {

    private static final int ENQUEUE_BATCH = 2_000;
    private static final int PRODUCERS = 4;

    private final Sluice sluice;
    private final QueueBenchOptions options;

    ThroughputPhases(Sluice sluice, QueueBenchOptions options) {
        this.sluice = sluice;
        this.options = options;
        if (sluice.queues().exists("bench")) {
            sluice.queues().drop("bench");
        }
        sluice.queues().create("bench");
    }

    /** Jobs enqueued per second by {@value #PRODUCERS} producers in batches of {@value #ENQUEUE_BATCH}. */
    double enqueue() throws Exception {
        int total = options.jobs();
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < PRODUCERS; p++) {
            Thread t = new Thread(() -> {
                int from;
                while ((from = next.getAndAdd(ENQUEUE_BATCH)) < total) {
                    int to = Math.min(total, from + ENQUEUE_BATCH);
                    List<Message> batch = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        batch.add(Message.json("{\"i\":" + i + "}"));
                    }
                    sluice.enqueueBatch("bench", batch);
                    done.addAndGet(batch.size());
                }
            }, "producer-" + p);
            t.start();
            producers.add(t);
        }
        Progress.follow("enqueue", total, done::get);
        for (Thread t : producers) {
            t.join();
        }
        return total / seconds(start);
    }

    /** Jobs handled per second until the queue is empty. */
    double burnDown() throws Exception {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        try (Workers workers = sluice.startWorkers("bench",
                WorkerOptions.builder().concurrency(options.workers()).batchSize(options.batch()).build(),
                batch -> done.addAndGet(batch.size()))) {
            Progress.follow("burn-down", options.jobs(), done::get);
            return options.jobs() / seconds(start);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
