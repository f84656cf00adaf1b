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

    /** Binds the parameters of a statement given to {@link #commitWith}. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final String queue;
    private final List<ReceivedMessage> messages;
    private final Connection connection;
    private final FinalCommit finalCommit;

    /**
     * A batch for calling a handler directly (tests); {@link #commitWith} then runs the statement
     * without committing.
     *
     * @param queue the queue the messages came from
     * @param messages the messages, in (priority, id) order; never empty
     * @param connection the connection the handler works on
     */
    public Batch(String queue, List<ReceivedMessage> messages, Connection connection) {
        this(queue, messages, connection, null);
    }

    Batch(String queue, List<ReceivedMessage> messages, Connection connection, FinalCommit finalCommit) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.messages = List.copyOf(messages);
        this.connection = Objects.requireNonNull(connection, "connection");
        this.finalCommit = finalCommit;
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
        if (finalCommit == null) {
            FinalCommit.runOnly(connection, sql, binder);
            return false;
        }
        return finalCommit.run(sql, binder);
    }

    @Override
    public String toString() {
        return "Batch[queue=" + queue + ", messages=" + messages.size() + "]";
    }
}
