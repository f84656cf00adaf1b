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
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch in one transaction: claim (and delete) the messages, run the handler, commit.
 *
 * <p>The claim statement is sent together with a {@code SAVEPOINT} in a single round trip. If the
 * handler throws, its writes are rolled back to that savepoint while the claimed messages stay
 * claimed; the batch is then split in halves, each handled under its own savepoint, until the
 * failing messages stand alone. Those are put back with one more attempt counted and a backoff (or
 * moved to the dead letters), and the transaction commits everything else. Nothing is released
 * between attempts, so no other worker can take a failing message mid-isolation, and the attempt
 * count commits with the batch, so a rollback of the handler never erases it.
 */
final class BatchExecutor {

    private static final Logger log = LoggerFactory.getLogger(BatchExecutor.class);
    private static final Comparator<ReceivedMessage> CLAIM_ORDER =
            Comparator.comparingInt(ReceivedMessage::priority).thenComparingLong(ReceivedMessage::id);
    private static final int MAX_ERROR_LENGTH = 4000;
    private static final String SAVEPOINT = "sluice_batch";

    private final DataSource dataSource;
    private final QueueTable table;
    private final BatchHandler handler;
    private final WorkerOptions options;
    private final ClaimCursor cursor;
    private final QueueCounters counters;
    private final Backoff backoff;
    private final String claimSql;
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
        // One round trip: the claim, fenced so that its plan never seq-scans a slot that was empty
        // (just truncated) when the plan was cached and has filled up since, then the savepoint.
        // The generic plan is forced too: re-planning the partitioned claim costs more than running it.
        this.claimSql = "SET LOCAL enable_seqscan = off;\nSET LOCAL plan_cache_mode = force_generic_plan;\n"
                + statements.get(BatchExecutor.class, "claim.sql", table)
                + ";\nSET LOCAL enable_seqscan = on;\nSET LOCAL plan_cache_mode = auto;\nSAVEPOINT " + SAVEPOINT;
        this.retrySql = statements.get(BatchExecutor.class, "fail_retry.sql", table);
        this.deadSql = statements.get(BatchExecutor.class, "fail_dead.sql", table);
    }

    /** What one transaction did, counted once it has committed. */
    private static final class Outcome {
        int handled;
        int failed;
        int dead;
    }

    /** Claims and handles at most one batch; returns how many messages it claimed. */
    int runOnce() throws SQLException {
        boolean sweep = cursor.takeSweepIfDue();
        int claimed = claimAndHandle(sweep ? Position.START : cursor.resumeFrom(4 * options.batchSize()), sweep);
        if (claimed == 0 && !sweep && cursor.takeEarlySweep()) {
            claimed = claimAndHandle(Position.START, true);
        }
        return claimed;
    }

    private int claimAndHandle(Position from, boolean sweep) throws SQLException {
        long started = System.nanoTime();
        Outcome outcome = new Outcome();
        int claimed;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ReceivedMessage> messages = claim(c, from);
                claimed = messages.size();
                if (messages.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                ReceivedMessage last = messages.get(messages.size() - 1);
                cursor.claimed(new Position(last.priority(), last.id()), sweep);
                Exception error = runHandler(c, messages);
                if (error == null) {
                    outcome.handled = messages.size();
                } else {
                    undoTo(c, SAVEPOINT);
                    isolate(c, messages, error, outcome);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        }
        if (outcome.handled > 0) {
            counters.processed(outcome.handled, System.nanoTime() - started);
        }
        for (int i = 0; i < outcome.failed; i++) {
            counters.failed();
        }
        for (int i = 0; i < outcome.dead; i++) {
            counters.dead();
        }
        return claimed;
    }

    private List<ReceivedMessage> claim(Connection c, Position from) throws SQLException {
        List<ReceivedMessage> messages = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(claimSql)) {
            ps.setInt(1, from.priority());
            ps.setLong(2, from.id());
            ps.setInt(3, options.batchSize());
            boolean isResultSet = ps.execute();
            while (!isResultSet) { // past the SET's update count to the claim's rows
                isResultSet = ps.getMoreResults();
                if (!isResultSet && ps.getUpdateCount() == -1) {
                    throw new SQLException("The claim statement returned no rows result; is claim.sql intact?");
                }
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    Timestamp enqueued = rs.getTimestamp(5);
                    Timestamp runAt = rs.getTimestamp(6);
                    messages.add(new ReceivedMessage(rs.getLong(1), table.queue(), rs.getInt(2), rs.getString(3), rs.getInt(4),
                            enqueued.toInstant(), runAt.toInstant(), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        messages.sort(CLAIM_ORDER);
        return messages;
    }

    /** Runs the handler; returns its exception, or rethrows if the connection itself is gone. */
    private Exception runHandler(Connection c, List<ReceivedMessage> messages) throws SQLException {
        try {
            handler.handle(new Batch(table.queue(), List.copyOf(messages), c));
            return null;
        } catch (SQLException e) {
            if (isConnectionLost(e) || c.isClosed()) {
                throw e; // PostgreSQL aborts the transaction; the batch is back in the queue
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Worker interrupted while handling a batch; it will be retried", e);
        } catch (Exception e) {
            return e;
        }
    }

    /** Splits a failed batch until each failing message stands alone; all inside the open transaction. */
    private void isolate(Connection c, List<ReceivedMessage> failed, Exception cause, Outcome outcome) throws SQLException {
        if (failed.size() == 1) {
            recordFailure(c, failed.get(0), cause, outcome);
            return;
        }
        int middle = failed.size() / 2;
        for (List<ReceivedMessage> half : List.of(failed.subList(0, middle), failed.subList(middle, failed.size()))) {
            execute(c, "SAVEPOINT sluice_part");
            Exception error = runHandler(c, half);
            if (error == null) {
                execute(c, "RELEASE SAVEPOINT sluice_part");
                outcome.handled += half.size();
            } else {
                undoTo(c, "sluice_part");
                isolate(c, half, error, outcome);
            }
        }
    }

    private void recordFailure(Connection c, ReceivedMessage m, Exception cause, Outcome outcome) throws SQLException {
        int attempts = m.attempts() + 1;
        String error = describe(cause);
        outcome.failed++;
        if (attempts >= options.maxAttempts()) {
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
            outcome.dead++;
            log.warn("Message {} of queue {} failed attempt {} of {} and moved to dead letters: {}",
                    m.id(), table.queue(), attempts, options.maxAttempts(), firstLine(cause));
        } else {
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
                ps.setString(10, error);
                ps.executeUpdate();
            }
            log.info("Message {} of queue {} failed attempt {} of {}; retry in {} s: {}",
                    m.id(), table.queue(), attempts, options.maxAttempts(), String.format("%.2f", delay), firstLine(cause));
        }
    }

    private static void undoTo(Connection c, String savepoint) throws SQLException {
        execute(c, "ROLLBACK TO SAVEPOINT " + savepoint);
        execute(c, "RELEASE SAVEPOINT " + savepoint);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
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
