package dev.sluice.testing;

import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.queue.Message;
import dev.sluice.queue.PendingMessage;
import dev.sluice.queue.QueueAdmin;
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
 * run a queue's handler in the test until the queue is empty, see what code enqueued (without
 * claiming it, and with no worker running), and check an idempotency key. Uses Sluice's public API only.
 *
 * <pre>{@code
 * signups.signUp("ada@example.com");                            // code under test enqueues
 * testing.assertEnqueued("emails", m -> m.payloadTree().path("to").asText().equals("ada@example.com")); // read-only
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
     * Takes every ready message of the queue, acknowledging them (no handler runs), and returns them
     * in handling order. The queue has no ready message afterwards; {@link #enqueued} reads without taking.
     */
    public List<ReceivedMessage> takeEnqueued(String queue) {
        List<ReceivedMessage> taken = new CopyOnWriteArrayList<>();
        drain(queue, batch -> taken.addAll(batch.messages()));
        return new ArrayList<>(taken);
    }

    /**
     * The queue's pending messages, read without claiming or changing anything (ready ones in claim
     * order, then scheduled ones by due time; see {@link dev.sluice.queue.QueueAdmin#peek}): what the
     * code under test enqueued, with no worker running. At most {@value dev.sluice.queue.QueueAdmin#MAX_PEEK}.
     */
    public List<PendingMessage> enqueued(String queue) {
        return sluice.queues().peek(queue, QueueAdmin.MAX_PEEK);
    }

    /**
     * Asserts that exactly one pending message of the queue (ready or scheduled) matches
     * {@code predicate}, and returns it. Read-only: the queue is left as it was, so a test may assert
     * and then {@link #drain} the real handler.
     */
    public PendingMessage assertEnqueued(String queue, Predicate<PendingMessage> predicate) {
        List<PendingMessage> all = enqueued(queue);
        List<PendingMessage> matching = all.stream().filter(predicate).toList();
        if (matching.size() != 1) {
            throw new AssertionError("Expected one message in queue \"" + queue + "\" to match, found " + matching.size()
                    + " among " + all.size() + ": " + describe(all));
        }
        return matching.get(0);
    }

    /**
     * Asserts that exactly one pending message's payload, read as {@code type} with Sluice's mapper,
     * matches {@code predicate}; returns that payload. Read-only, as {@link #assertEnqueued(String, Predicate)}.
     * A payload that does not read as {@code type} does not match.
     */
    public <T> T assertEnqueued(String queue, Class<T> type, Predicate<? super T> predicate) {
        return assertEnqueued(queue, m -> {
            try {
                return predicate.test(m.payload(type));
            } catch (RuntimeException unreadable) {
                return false;
            }
        }).payload(type);
    }

    /** Asserts that no pending message of the queue matches {@code predicate}. Read-only. */
    public void assertNotEnqueued(String queue, Predicate<PendingMessage> predicate) {
        List<PendingMessage> matching = enqueued(queue).stream().filter(predicate).toList();
        if (!matching.isEmpty()) {
            throw new AssertionError("Expected no message in queue \"" + queue + "\" to match, found " + matching.size() + ": "
                    + describe(matching));
        }
    }

    private static List<String> describe(List<PendingMessage> messages) {
        return messages.stream().map(m -> m.id() + (m.ready() ? "" : " (scheduled " + m.runAt() + ")") + "=" + m.payloadJson()).toList();
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
