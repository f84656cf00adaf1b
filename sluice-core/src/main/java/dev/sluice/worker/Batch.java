package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * One batch handed to a {@link BatchHandler}: the messages and the connection whose transaction
 * acknowledges them.
 */
public final class Batch {

    /**
     * A message the handler failed by itself ({@link #fail}).
     *
     * @param message the message
     * @param cause why it failed
     */
    public record Failure(ReceivedMessage message, Throwable cause) {
    }

    /** Binds the parameters of a statement given to {@link #commitWith}. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final String queue;
    private final List<ReceivedMessage> messages;
    private final Connection connection;
    private final HandlerCall call;

    /**
     * A batch for calling a handler directly (tests): {@link #commitWith} then runs the statement
     * without committing, and {@link #failures()} lists what the handler failed.
     *
     * @param queue the queue the messages came from
     * @param messages the messages, in (priority, id) order; never empty
     * @param connection the connection the handler works on
     */
    public Batch(String queue, List<ReceivedMessage> messages, Connection connection) {
        this(queue, messages, connection, new HandlerCall(connection, false, failures -> 0));
    }

    Batch(String queue, List<ReceivedMessage> messages, Connection connection, HandlerCall call) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.messages = List.copyOf(messages);
        this.connection = Objects.requireNonNull(connection, "connection");
        this.call = call;
    }

    /** The queue the messages came from. */
    public String queue() {
        return queue;
    }

    /** The messages, in (priority, id) order; never empty. */
    public List<ReceivedMessage> messages() {
        return messages;
    }

    /** The worker's connection, inside the transaction that will acknowledge the batch. */
    public Connection connection() {
        return connection;
    }

    /** The number of messages. */
    public int size() {
        return messages.size();
    }

    /**
     * Runs {@code sql}, the handler's last write, and commits the batch with it in the same round
     * trip: the write and the acknowledgement commit together, one database round trip sooner than
     * returning and letting Sluice commit. After it returns {@code true} the batch is acknowledged;
     * the handler should return (a later throw is logged, and changes nothing).
     *
     * <p>If the statement fails, it alone is undone (the rest of the handler's work stays, the batch
     * stays claimed) and the exception is thrown: handle it (and write again, with or without
     * {@code commitWith}) or rethrow it to fail the batch. If the COMMIT itself fails, the whole batch
     * is rolled back and comes back later, counted as a delivery.
     *
     * <p>While Sluice isolates a failing batch (the handler called again on parts of it, within one
     * transaction that still holds the other parts), and for a batch built by hand, the statement runs
     * without committing and this returns {@code false}: Sluice commits when the isolation ends.
     *
     * @param sql one SQL statement, with {@code ?} parameters
     * @param binder sets the parameters
     * @return whether the batch was committed
     * @throws SQLException the statement's (or the commit's) failure
     * @throws IllegalStateException if the batch was committed already
     */
    public boolean commitWith(String sql, Binder binder) throws SQLException {
        return call.run(sql, binder);
    }

    /**
     * Fails one message of the batch without failing the others. Return normally afterwards: Sluice
     * commits the batch with everything the handler wrote, and this message is retried after its
     * backoff, one attempt counted (or moves to the dead letters after {@code maxAttempts}), as if it
     * had failed alone. The handler is responsible for leaving no writes of its own for it (undo them
     * with a savepoint around each message's work if it may fail midway). Cheaper than throwing, which
     * makes Sluice call the handler again on halves of the batch to find the failing messages.
     * A throw after {@code fail} still fails the whole call (the failures recorded here are dropped).
     *
     * @param message a message of this batch
     * @param cause why it failed (kept as the message's last error)
     * @throws IllegalArgumentException if the message is not in this batch
     * @throws IllegalStateException after {@link #commitWith} committed the batch
     */
    public void fail(ReceivedMessage message, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (messages.stream().noneMatch(m -> m.id() == message.id())) {
            throw new IllegalArgumentException("Message " + message.id() + " is not in this batch of queue " + queue + ".");
        }
        call.fail(new Failure(message, cause));
    }

    /** The messages failed so far with {@link #fail}. */
    public List<Failure> failures() {
        return call.failures();
    }

    @Override
    public String toString() {
        return "Batch[queue=" + queue + ", messages=" + messages.size() + "]";
    }
}
