package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a failed message back, inside the batch's transaction: scheduled for a retry with one more
 * attempt counted, or moved to the dead letters once it has used its attempts.
 */
final class FailureRecorder {

    private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);
    private static final int MAX_ERROR_LENGTH = 4000;

    private final QueueTable table;
    private final WorkerOptions options;
    private final Backoff backoff;
    private final String retrySql;
    private final String deadSql;
    private final String releaseSql;

    FailureRecorder(QueueTable table, QueueStatements statements, WorkerOptions options) {
        this.table = table;
        this.options = options;
        this.backoff = new Backoff(options.retryBaseDelay(), options.retryMaxDelay());
        this.retrySql = statements.get(FailureRecorder.class, "fail_retry.sql", table);
        this.deadSql = statements.get(FailureRecorder.class, "fail_dead.sql", table);
        this.releaseSql = statements.get(FailureRecorder.class, "release.sql", table);
    }

    /** Records a failed attempt; returns true if the message went to the dead letters. */
    boolean failed(Connection c, ReceivedMessage m, Throwable cause) throws SQLException {
        int attempts = m.attempts() + 1;
        if (attempts >= options.maxAttempts()) {
            dead(c, m, attempts, describe(cause));
            log.warn("Message {} of queue {} failed attempt {} of {} and moved to dead letters: {}",
                    m.id(), table.queue(), attempts, options.maxAttempts(), firstLine(cause));
            return true;
        }
        double delay = backoff.seconds(attempts);
        try (PreparedStatement ps = c.prepareStatement(retrySql)) {
            ps.setLong(1, m.id());
            ps.setInt(2, m.priority());
            ps.setDouble(3, delay);
            ps.setTimestamp(4, Timestamp.from(m.enqueuedAt()));
            ps.setInt(5, attempts);
            ps.setString(6, m.payloadJson());
            ps.setString(7, m.orderingKey());
            ps.setString(8, m.dedupeKey());
            ps.setString(9, m.idempotencyKey());
            ps.setString(10, describe(cause));
            ps.executeUpdate();
        }
        log.info("Message {} of queue {} failed attempt {} of {}; retry in {} s: {}",
                m.id(), table.queue(), attempts, options.maxAttempts(), String.format("%.2f", delay), firstLine(cause));
        return false;
    }

    /**
     * Moves a message that has been delivered {@code maxAttempts} times without its batch ever
     * committing (each such delivery counted by maintenance from the delivery records) to the dead
     * letters, without running the handler again.
     */
    void exhausted(Connection c, ReceivedMessage m) throws SQLException {
        dead(c, m, m.attempts(), "Delivered " + m.attempts() + " times without the batch committing (maxAttempts "
                + options.maxAttempts() + "): its worker crashed, lost its connection or failed to commit while handling it."
                + " Not handed to the handler again.");
        log.warn("Message {} of queue {} was delivered {} times without its batch committing; moved to dead letters",
                m.id(), table.queue(), m.attempts());
    }

    /**
     * Defers messages of a failing part that was never run alone (the isolation budget was spent):
     * written back for a retry after the backoff their next attempt would get, with the part's error,
     * but no attempt counted, since none of them is known to fail by itself.
     */
    void defer(Connection c, List<ReceivedMessage> messages, Throwable cause) throws SQLException {
        String error = "Not run alone: its batch failed and the isolation budget was spent first. The batch's error: " + describe(cause);
        try (PreparedStatement ps = c.prepareStatement(retrySql)) {
            for (ReceivedMessage m : messages) {
                ps.setLong(1, m.id());
                ps.setInt(2, m.priority());
                ps.setDouble(3, backoff.seconds(m.attempts() + 1));
                ps.setTimestamp(4, Timestamp.from(m.enqueuedAt()));
                ps.setInt(5, m.attempts());
                ps.setString(6, m.payloadJson());
                ps.setString(7, m.orderingKey());
                ps.setString(8, m.dedupeKey());
                ps.setString(9, m.idempotencyKey());
                ps.setString(10, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        log.info("{} messages of queue {} deferred without an attempt counted: their batch failed and was not split further: {}",
                messages.size(), table.queue(), firstLine(cause));
    }

    /** Puts messages back untouched, no attempt counted (release.sql), in one round trip. */
    void release(Connection c, List<ReceivedMessage> messages, Set<Long> suspects) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(releaseSql)) {
            for (ReceivedMessage m : messages) {
                ps.setLong(1, m.id());
                ps.setInt(2, m.priority());
                ps.setTimestamp(3, Timestamp.from(m.runAt()));
                ps.setTimestamp(4, Timestamp.from(m.enqueuedAt()));
                ps.setInt(5, m.attempts());
                ps.setString(6, m.payloadJson());
                ps.setString(7, m.orderingKey());
                ps.setString(8, m.dedupeKey());
                ps.setString(9, m.idempotencyKey());
                ps.setBoolean(10, suspects.contains(m.id()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void dead(Connection c, ReceivedMessage m, int attempts, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deadSql)) {
            ps.setLong(1, m.id());
            ps.setInt(2, m.priority());
            ps.setString(3, m.payloadJson());
            ps.setString(4, m.orderingKey());
            ps.setString(5, m.dedupeKey());
            ps.setString(6, m.idempotencyKey());
            ps.setInt(7, attempts);
            ps.setTimestamp(8, Timestamp.from(m.enqueuedAt()));
            ps.setString(9, error);
            ps.executeUpdate();
        }
    }

    private static String firstLine(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String describe(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString().replace('\u0000', '?');
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
