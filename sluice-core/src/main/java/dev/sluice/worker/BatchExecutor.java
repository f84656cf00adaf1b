package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.ClaimCursor.Position;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch: claim, handle and acknowledge in one transaction. When the handler throws, the
 * batch is rolled back and split in halves, each retried in its own transaction, until the failing
 * messages stand alone; only they are charged an attempt (in a committed transaction of their own).
 */
final class BatchExecutor {

    private static final Logger log = LoggerFactory.getLogger(BatchExecutor.class);
    private static final Comparator<ReceivedMessage> CLAIM_ORDER =
            Comparator.comparingInt(ReceivedMessage::priority).thenComparingLong(ReceivedMessage::id);
    private static final int MAX_ERROR_LENGTH = 4000;

    private final DataSource dataSource;
    private final QueueTable table;
    private final BatchHandler handler;
    private final WorkerOptions options;
    private final ClaimCursor cursor;
    private final QueueCounters counters;
    private final Backoff backoff;
    private final String claimSql;
    private final String claimIdsSql;
    private final String retrySql;
    private final String deadSql;

    BatchExecutor(DataSource dataSource, QueueTable table, QueueStatements statements, BatchHandler handler,
                  WorkerOptions options, ClaimCursor cursor, QueueCounters counters) {
        this.dataSource = dataSource;
        this.table = table;
        this.handler = handler;
        this.options = options;
        this.cursor = cursor;
        this.counters = counters;
        this.backoff = new Backoff(options.retryBaseDelay(), options.retryMaxDelay());
        this.claimSql = statements.get(BatchExecutor.class, "claim.sql", table);
        this.claimIdsSql = statements.get(BatchExecutor.class, "claim_ids.sql", table);
        this.retrySql = statements.get(BatchExecutor.class, "fail_retry.sql", table);
        this.deadSql = statements.get(BatchExecutor.class, "fail_dead.sql", table);
    }

    /** Claims and handles at most one batch; returns how many messages it claimed. */
    int runOnce() throws SQLException {
        boolean sweep = cursor.takeSweepIfDue();
        int claimed = claimAndHandle(sweep ? Position.START : cursor.position(), sweep);
        if (claimed == 0 && !sweep && cursor.takeEarlySweep()) {
            claimed = claimAndHandle(Position.START, true);
        }
        return claimed;
    }

    private int claimAndHandle(Position from, boolean sweep) throws SQLException {
        return handleClaimed(c -> {
            try (PreparedStatement ps = c.prepareStatement(claimSql)) {
                ps.setInt(1, from.priority());
                ps.setLong(2, from.id());
                ps.setInt(3, options.batchSize());
                List<ReceivedMessage> messages = read(ps);
                if (!messages.isEmpty()) {
                    ReceivedMessage last = messages.get(messages.size() - 1);
                    cursor.claimed(new Position(last.priority(), last.id()), sweep);
                }
                return messages;
            }
        });
    }

    /** How a transaction takes its messages: by scanning, or by the ids of a failed batch's half. */
    @FunctionalInterface
    private interface Claim {
        List<ReceivedMessage> take(Connection c) throws SQLException;
    }

    /**
     * Claims, handles and commits in one transaction. A handler exception rolls back and isolates
     * the failing messages; a lost connection propagates, and PostgreSQL puts the batch back.
     */
    private int handleClaimed(Claim claim) throws SQLException {
        long started = System.nanoTime();
        List<ReceivedMessage> messages;
        Exception handlerError = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                messages = claim.take(c);
                if (messages.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                try {
                    handler.handle(new Batch(table.queue(), messages, c));
                } catch (Exception e) {
                    handlerError = e;
                }
                if (handlerError == null) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        }
        if (handlerError != null) {
            if (handlerError instanceof SQLException sql && isConnectionLost(sql)) {
                throw sql;
            }
            return isolate(messages, handlerError);
        }
        counters.processed(messages.size(), System.nanoTime() - started);
        return messages.size();
    }

    private List<ReceivedMessage> read(PreparedStatement ps) throws SQLException {
        List<ReceivedMessage> messages = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp enqueued = rs.getTimestamp(5);
                Timestamp runAt = rs.getTimestamp(6);
                messages.add(new ReceivedMessage(rs.getLong(1), table.queue(), rs.getInt(2), rs.getString(3), rs.getInt(4),
                        enqueued.toInstant(), runAt.toInstant(), rs.getString(7), rs.getString(8)));
            }
        }
        messages.sort(CLAIM_ORDER);
        return messages;
    }

    private static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; PostgreSQL aborts the transaction itself
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // broken connection; the pool discards it
        }
    }

    /** Retries the messages in halves until each failing one stands alone; returns how many were claimed. */
    private int isolate(List<ReceivedMessage> failed, Throwable cause) throws SQLException {
        if (failed.size() == 1) {
            recordFailure(failed.get(0), cause);
            return 1;
        }
        int middle = failed.size() / 2;
        return retrySubset(failed.subList(0, middle)) + retrySubset(failed.subList(middle, failed.size()));
    }

    private int retrySubset(List<ReceivedMessage> subset) throws SQLException {
        return handleClaimed(c -> {
            try (PreparedStatement ps = c.prepareStatement(claimIdsSql)) {
                ps.setArray(1, c.createArrayOf("int2", subset.stream().map(m -> (short) m.priority()).toArray()));
                ps.setArray(2, c.createArrayOf("int8", subset.stream().map(ReceivedMessage::id).toArray()));
                return read(ps);
            }
        });
    }

    private void recordFailure(ReceivedMessage m, Throwable cause) throws SQLException {
        int attempts = m.attempts() + 1;
        String error = describe(cause);
        try (Connection c = dataSource.getConnection()) {
            if (attempts >= options.maxAttempts()) {
                try (PreparedStatement ps = c.prepareStatement(deadSql)) {
                    ps.setInt(1, m.priority());
                    ps.setLong(2, m.id());
                    ps.setString(3, error);
                    if (ps.executeUpdate() > 0) {
                        counters.failed();
                        counters.dead();
                        log.warn("Message {} of queue {} failed attempt {} of {} and moved to dead letters: {}",
                                m.id(), table.queue(), attempts, options.maxAttempts(), firstLine(cause));
                    }
                }
            } else {
                double delay = backoff.seconds(attempts);
                try (PreparedStatement ps = c.prepareStatement(retrySql)) {
                    ps.setInt(1, m.priority());
                    ps.setLong(2, m.id());
                    ps.setDouble(3, delay);
                    ps.setString(4, error);
                    if (ps.executeUpdate() > 0) {
                        counters.failed();
                        log.info("Message {} of queue {} failed attempt {} of {}; retry in {} s: {}",
                                m.id(), table.queue(), attempts, options.maxAttempts(), String.format("%.2f", delay), firstLine(cause));
                    }
                }
            }
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
