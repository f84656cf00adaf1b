package dev.sluice.testing;

import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.BatchHandler;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Test helpers on one {@link Sluice}, as River's {@code rivertest} and {@code Oban.Testing} offer:
 * run a queue's handler in the test until the queue is empty, see what code enqueued, and check an
 * idempotency key. Uses Sluice's public API only.
 *
 * <pre>{@code
 * signups.signUp("ada@example.com");                            // code under test enqueues
 * testing.assertEnqueued("emails", m -> m.payloadTree().path("to").asText().equals("ada@example.com"));
 * testing.drain("emails", mailer::handle);                      // the real handler, to completion
 * }</pre>
 */
public final class SluiceTesting {

    /** How long {@link #drain} waits for a queue to empty before failing. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Sluice sluice;

    public SluiceTesting(Sluice sluice) {
        this.sluice = sluice;
    }

    public Sluice sluice() {
        return sluice;
    }

    /**
     * Runs {@code handler} on the queue's ready messages, in the queue's usual transactions (one
     * worker), and returns once no message is ready or in flight: the number of messages handled.
     * The first handler failure stops the drain and is rethrown as an {@link AssertionError} whose
     * cause is the handler's exception; the failed batch is retried later as usual.
     */
    public int drain(String queue, BatchHandler handler) {
        return drain(queue, handler, DEFAULT_TIMEOUT);
    }

    /** {@link #drain(String, BatchHandler)} with a timeout. */
    public int drain(String queue, BatchHandler handler, Duration timeout) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] handled = {0};
        BatchHandler watched = batch -> {
            try {
                handler.handle(batch);
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
                throw e;
            }
            synchronized (handled) {
                handled[0] += batch.size();
            }
        };
        long deadline = System.nanoTime() + timeout.toNanos();
        // maxAttempts 1000: a failure here must not dead-letter what the test may drain again.
        try (Workers ignored = sluice.startWorkers(queue, WorkerOptions.builder().concurrency(1).maxAttempts(1000).build(), watched)) {
            while (true) {
                if (failure.get() != null) {
                    throw new AssertionError("The handler of queue \"" + queue + "\" failed while draining: " + failure.get(), failure.get());
                }
                QueueStats stats = sluice.queues().stats(queue);
                // In-flight messages are still stored and ready until their batch commits.
                if (stats.ready() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Queue \"" + queue + "\" still had " + stats.ready() + " ready message(s) after " + timeout
                            + " of draining; is the queue paused (" + stats.paused() + ") or the handler too slow?");
                }
                pause();
            }
        }
        if (failure.get() != null) { // failed messages wait for their retry, so the queue may look empty
            throw new AssertionError("The handler of queue \"" + queue + "\" failed while draining: " + failure.get(), failure.get());
        }
        synchronized (handled) {
            return handled[0];
        }
    }

    /**
     * Takes every ready message of the queue, acknowledging them, and returns them in handling
     * order: what the code under test enqueued, for assertions. The queue is empty afterwards.
     */
    public List<ReceivedMessage> takeEnqueued(String queue) {
        List<ReceivedMessage> taken = new CopyOnWriteArrayList<>();
        drain(queue, batch -> taken.addAll(batch.messages()));
        return new ArrayList<>(taken);
    }

    /**
     * Asserts that exactly one ready message of the queue matches {@code predicate}, and returns it.
     * Takes (acknowledges) all of the queue's ready messages, as {@link #takeEnqueued} does.
     */
    public ReceivedMessage assertEnqueued(String queue, Predicate<ReceivedMessage> predicate) {
        List<ReceivedMessage> all = takeEnqueued(queue);
        List<ReceivedMessage> matching = all.stream().filter(predicate).toList();
        if (matching.size() != 1) {
            throw new AssertionError("Expected one message in queue \"" + queue + "\" to match, found " + matching.size()
                    + " among " + all.size() + ": " + all.stream().map(m -> m.id() + "=" + m.payloadJson()).toList());
        }
        return matching.get(0);
    }

    /** Asserts that no ready message of the queue matches {@code predicate}; takes them all, as {@link #takeEnqueued} does. */
    public void assertNotEnqueued(String queue, Predicate<ReceivedMessage> predicate) {
        List<ReceivedMessage> all = takeEnqueued(queue);
        List<ReceivedMessage> matching = all.stream().filter(predicate).toList();
        if (!matching.isEmpty()) {
            throw new AssertionError("Expected no message in queue \"" + queue + "\" to match, found " + matching.size() + ": "
                    + matching.stream().map(m -> m.id() + "=" + m.payloadJson()).toList());
        }
    }

    /**
     * Whether a message with this idempotency key was enqueued (and is pending, or done within the
     * idempotency window). Changes nothing: the probe is an enqueue that is rolled back.
     */
    public boolean isEnqueuedWithKey(String queue, String idempotencyKey) {
        try (Connection c = sluice.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                return sluice.enqueue(c, queue, Message.builder().json("null").idempotencyKey(idempotencyKey).build()).duplicate();
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SluiceException("Could not check idempotency key \"" + idempotencyKey + "\" of queue \"" + queue + "\": " + e.getMessage(), e);
        }
    }

    /** Asserts {@link #isEnqueuedWithKey}. */
    public void assertEnqueuedWithKey(String queue, String idempotencyKey) {
        if (!isEnqueuedWithKey(queue, idempotencyKey)) {
            throw new AssertionError("No message with idempotency key \"" + idempotencyKey + "\" was enqueued into queue \"" + queue + "\".");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while draining", e);
        }
    }
}
