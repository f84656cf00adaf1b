package dev.sluice.lease;

import dev.sluice.queue.ReceivedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Messages leased by one claim, held until {@link #deadline()}: acknowledge, fail or extend them,
 * all or some. Thread-safe. Every call is one statement on its own, committed when it returns;
 * once the deadline has passed, calls throw {@link LeaseLostException} and the messages are (or
 * will be, within about a second) redelivered.
 */
public final class Lease {

    private final Leases leases;
    private final String queue;
    private final UUID token;
    private final List<ReceivedMessage> messages;
    private final LeaseOptions retry;
    private final Set<Long> settled = new HashSet<>();
    private final HeldBack heldBack;
    private volatile Instant deadline;

    /**
     * A global limit of the queue ({@code QueueLimits}) held the claim back: it got no message, or
     * (rate limit) fewer than it asked for.
     *
     * @param limit {@code "rateLimit"} or {@code "maxConcurrentBatches"}
     * @param retryAfter when another claim is worth trying (jittered): for the rate, when about half
     *        a claim's worth of tokens is back; for concurrency, a short poll (slots free when their
     *        holders settle, which cannot be announced across processes)
     */
    public record HeldBack(String limit, Duration retryAfter) {
    }

    Lease(Leases leases, String queue, UUID token, List<ReceivedMessage> messages, Instant deadline, LeaseOptions retry,
          HeldBack heldBack) {
        this.leases = leases;
        this.queue = queue;
        this.token = token;
        this.messages = List.copyOf(messages);
        this.deadline = deadline;
        this.retry = retry;
        this.heldBack = heldBack;
    }

    /** Which global limit held this claim back and when to try again; null when none did. */
    public HeldBack heldBack() {
        return heldBack;
    }

    /** The queue the messages came from. */
    public String queue() {
        return queue;
    }

    /** The lease token: what an HTTP consumer sends back to acknowledge, fail or extend. */
    public UUID token() {
        return token;
    }

    /** The leased messages, in claim order ((priority, id)); empty when the claim found none. */
    public List<ReceivedMessage> messages() {
        return messages;
    }

    /** The deadline as last set (by the claim, {@link #extend} or the heartbeat); null when empty. */
    public Instant deadline() {
        return deadline;
    }

    /** True when the claim found no message. */
    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Acknowledges every message not settled yet: they are done. */
    public void ack() {
        settle(unsettled(), ids -> leases.ack(queue, token, ids));
    }

    /** Acknowledges some messages by id. */
    public void ack(Collection<Long> ids) {
        settle(List.copyOf(ids), list -> leases.ack(queue, token, list));
    }

    /** Fails every message not settled yet: retried after a backoff, or dead-lettered at its last attempt. */
    public void fail(String error) {
        settle(unsettled(), ids -> leases.fail(queue, token, ids, error, retry));
    }

    /** Fails some messages by id. */
    public void fail(Collection<Long> ids, String error) {
        settle(List.copyOf(ids), list -> leases.fail(queue, token, list, error, retry));
    }

    /** Moves the deadline of every unsettled message to now + {@code by}; throws {@link LeaseLostException} if expired. */
    public Instant extend(Duration by) {
        List<Long> ids = unsettled();
        if (ids.isEmpty()) {
            return deadline;
        }
        Instant next = leases.extend(queue, token, ids, by);
        deadline = next;
        return next;
    }

    /** Ids not yet acknowledged or failed through this object. */
    public synchronized List<Long> unsettled() {
        List<Long> ids = new ArrayList<>(messages.size());
        for (ReceivedMessage m : messages) {
            if (!settled.contains(m.id())) {
                ids.add(m.id());
            }
        }
        return ids;
    }

    private interface Settle {
        void run(List<Long> ids);
    }

    private void settle(List<Long> ids, Settle action) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            action.run(ids);
        } finally {
            // Settled or lost either way: this holder has nothing more to do for them.
            synchronized (this) {
                settled.addAll(ids);
            }
        }
    }
}
