package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.queue.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends one lane of a {@link LoadPlan} on its fixed schedule, whatever the queue does (open loop):
 * several threads take the batches in order and each waits for its batch's planned time, so one slow
 * enqueue does not delay the next batches. Right after a batch's {@code enqueueBatch} returns (its
 * COMMIT done) the thread stamps {@code committedNanos[batch]}: the point latencies are measured
 * from. How late each commit came after its planned time is kept in {@link #lag()}, so a producer that
 * could not keep its schedule shows.
 */
final class OpenLoopProducer {

    private final Sluice sluice;
    private final String queue;
    private final LoadPlan plan;
    private final int[] order;
    private final AtomicLongArray committedNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final Histogram lag = new ConcurrentHistogram(3_600_000_000L, 3);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    OpenLoopProducer(Sluice sluice, String queue, LoadPlan plan, int lane, AtomicLongArray committedNanos) {
        this.sluice = sluice;
        this.queue = queue;
        this.plan = plan;
        this.order = plan.lane(lane);
        this.committedNanos = committedNanos;
    }

    /** Starts {@code threadCount} threads sending from {@code startNanos} (System.nanoTime) = {@code startWall}. */
    void start(int threadCount, long startNanos, Instant startWall) {
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> send(startNanos, startWall), "open-loop-producer-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void send(long startNanos, Instant startWall) {
        int i;
        while (errors.isEmpty() && (i = next.getAndIncrement()) < order.length) {
            int b = order[i];
            LoadPlan.Planned batch = plan.batch(b);
            long planned = startNanos + batch.offsetNanos();
            LockSupport.parkNanos(planned - System.nanoTime());
            Instant runAt = batch.delayNanos() == 0 ? null : startWall.plusNanos(batch.offsetNanos() + batch.delayNanos());
            List<Message> messages = new ArrayList<>(batch.size());
            for (int seq = batch.firstSeq(); seq < batch.firstSeq() + batch.size(); seq++) {
                messages.add(Message.builder().json(Sequence.payload(seq)).priority(batch.priority()).runAt(runAt).build());
            }
            try {
                sluice.enqueueBatch(queue, messages);
            } catch (RuntimeException e) {
                errors.add(e);
                return;
            }
            long now = System.nanoTime();
            committedNanos.set(b, now);
            lag.recordValue(Math.min(lag.getHighestTrackableValue(), Math.max(0, now - planned) / 1_000));
            sent.addAndGet(batch.size());
        }
    }

    /** Messages committed so far. */
    long sent() {
        return sent.get();
    }

    /** Waits for every batch to be sent; rethrows the first enqueue failure. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the producer's enqueue failed", errors.get(0));
        }
    }

    /** Whether every thread has finished (sent everything or failed). */
    boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Planned time to COMMIT returned, per batch, in microseconds. */
    Histogram lag() {
        return lag;
    }
}
