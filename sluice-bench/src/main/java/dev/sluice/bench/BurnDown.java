package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One burn-down: a fresh queue is filled by {@value #PRODUCERS} producers, the server is prepared
 * ({@link Preparation}), then no-op handlers empty it. The clock stops when the workers have been
 * closed, that is after the last batch's commit returned, and the run counts as processed only what
 * committed: afterwards the queue must be empty (its rows are deleted by the claims, so an empty
 * queue means every claim committed) and every message must have been handled exactly once.
 */
final class BurnDown {

    private static final int ENQUEUE_BATCH = 2_000;
    private static final int PRODUCERS = 4;

    /**
     * @param perSecond messages committed per second ({@code NaN} when only the enqueue ran)
     * @param missing messages never handled
     * @param duplicates handler deliveries beyond the first of a message
     * @param leftInQueue rows still in the queue after the workers stopped
     */
    record Outcome(int jobs, double enqueuePerSecond, double perSecond, long missing, long duplicates, long leftInQueue,
                   String preparation) {

        boolean endStateOk() {
            return missing == 0 && duplicates == 0 && leftInQueue == 0;
        }

        Map<String, Object> figures() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("jobs", jobs);
            if (!Double.isNaN(enqueuePerSecond)) {
                f.put("enqueue_per_s", QueueBenchmark.round(enqueuePerSecond));
            }
            if (!Double.isNaN(perSecond)) {
                f.put("process_per_s", QueueBenchmark.round(perSecond));
                f.put("missing", missing);
                f.put("duplicates", duplicates);
                f.put("left_in_queue", leftInQueue);
                f.put("end_state_ok", endStateOk());
                f.put("preparation", preparation);
            }
            return f;
        }
    }

    private BurnDown() {
    }

    /** Fills queue {@code queue} (dropped and created afresh) with {@code jobs} messages and, if {@code burn}, burns it down. */
    static Outcome run(Sluice sluice, String url, String queue, int jobs, int workers, int batch, boolean burn) throws Exception {
        if (sluice.queues().exists(queue)) {
            sluice.queues().drop(queue);
        }
        sluice.queues().create(queue);
        try {
            double enqueuePerSecond = fill(sluice, queue, jobs);
            if (!burn) {
                return new Outcome(jobs, enqueuePerSecond, Double.NaN, 0, 0, 0, "none");
            }
            String preparation = Preparation.run(url);
            AtomicIntegerArray deliveries = new AtomicIntegerArray(jobs);
            AtomicLong handled = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            long start = System.nanoTime();
            Workers running = sluice.startWorkers(queue, WorkerOptions.builder().concurrency(workers).batchSize(batch).build(), b -> {
                for (ReceivedMessage m : b.messages()) {
                    if (deliveries.incrementAndGet(Sequence.of(m.payloadJson())) == 1) {
                        handled.incrementAndGet();
                    } else {
                        duplicates.incrementAndGet();
                    }
                }
            });
            try {
                Progress.follow("burn-down", jobs, handled::get, Progress.STALL);
            } finally {
                running.close(); // returns once every batch in flight has committed or rolled back
            }
            double seconds = ThroughputPhases.seconds(start);
            long left = sluice.queues().stats(queue).depth();
            long missing = 0;
            for (int i = 0; i < jobs; i++) {
                missing += deliveries.get(i) == 0 ? 1 : 0;
            }
            if (missing > 0 || duplicates.get() > 0 || left > 0) {
                System.err.printf("burn-down END STATE WRONG: %d never handled, %d handled more than once, %d left in the queue%n",
                        missing, duplicates.get(), left);
            }
            return new Outcome(jobs, enqueuePerSecond, (jobs - left) / seconds, missing, duplicates.get(), left, preparation);
        } finally {
            sluice.queues().drop(queue);
        }
    }

    private static double fill(Sluice sluice, String queue, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < PRODUCERS; p++) {
            Thread t = new Thread(() -> {
                try {
                    int from;
                    while ((from = next.getAndAdd(ENQUEUE_BATCH)) < total) {
                        int to = Math.min(total, from + ENQUEUE_BATCH);
                        List<Message> batch = new ArrayList<>(to - from);
                        for (int i = from; i < to; i++) {
                            batch.add(Message.json(Sequence.payload(i)));
                        }
                        sluice.enqueueBatch(queue, batch);
                        done.addAndGet(batch.size());
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                    next.set(total);
                }
            }, "producer-" + p);
            t.start();
            producers.add(t);
        }
        Progress.follow("enqueue", total, () -> errors.isEmpty() ? done.get() : total);
        for (Thread t : producers) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("enqueue failed", errors.get(0));
        }
        return total / ThroughputPhases.seconds(start);
    }
}
