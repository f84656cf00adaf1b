package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch in one transaction: claim (and delete) the messages, run the handler, commit.
 *
 * <p>The claim statement is sent together with a {@code SAVEPOINT} in a single round trip. A batch
 * of messages with no crashed delivery behind them goes straight to the handler; otherwise
 * {@link CrashTriage} counts those deliveries first. If the handler throws,
 * its writes are rolled back to that savepoint while the claimed messages stay claimed; the batch
 * is then split in halves, each handled under its own savepoint, until the failing messages stand
 * alone or the split budget is spent (the rest then fail together). Failures are written back with
 * one more attempt counted and a backoff (or moved to the dead letters), and the transaction
 * commits everything else. Nothing is released between attempts, so no other worker can take a
 * failing message mid-isolation, and the attempt count commits with the batch.
 */
final class BatchExecutor {

    private static final Logger log = LoggerFactory.getLogger(BatchExecutor.class);

    private final DataSource dataSource;
    private final QueueTable table;
    private final BatchHandler handler;
    private final WorkerOptions options;
    private final ClaimCursor cursor;
    private final QueueCounters counters;
    private final Claimer claimer;
    private final CrashTriage triage;
    private final FailureRecorder failures;
    private final Promoter promoter;
    private final PromotionLoop promotions;
    private final ClaimObserver claimObserver; // null: none
    private final ClaimGate gate;

    BatchExecutor(DataSource dataSource, QueueTable table, QueueStatements statements, BatchHandler handler,
                  WorkerOptions options, ClaimCursor cursor, QueueCounters counters, ClaimObserver claimObserver, ClaimGate gate,
                  Wakeup wakeup) {
        this.dataSource = dataSource;
        this.claimObserver = claimObserver;
        this.table = table;
        this.handler = handler;
        this.options = options;
        this.cursor = cursor;
        this.counters = counters;
        this.claimer = new Claimer(table, statements);
        this.failures = new FailureRecorder(table, statements, options);
        this.triage = new CrashTriage(new AbortedDeliveries(dataSource, table, statements), failures, options.maxAttempts());
        this.promoter = new Promoter(dataSource, table, statements);
        this.promotions = new PromotionLoop(promoter, wakeup, options.batchSize(), table.queue());
        this.gate = gate;
    }

    /** Milliseconds until the next scheduled message is due, as last seen; idle workers wake then. */
    long millisUntilNextDue() {
        return promoter.millisUntilNextDue();
    }

    /** Makes the next claim look for due scheduled messages first, however recently that was done. */
    void checkScheduledSoon() {
        promoter.checkSoon();
        promotions.nudge();
    }

    /** Stops the promotion thread (after the workers have stopped). */
    void close() {
        promotions.close();
    }

    /** What one transaction did, counted once it has committed. */
    private static final class Outcome {
        int handled;
        int failed;
        int dead;
        int callsLeft;
    }

    /** Asks for a promotion of due scheduled messages (run by its own thread), then claims and handles at most one batch; returns how many it claimed. */
    int runOnce() throws SQLException {
        promotions.request();
        ClaimCursor.Ranges sweep = cursor.takeSweepIfDue();
        int claimed = claimAndHandle(sweep != null ? sweep : cursor.resume(ClaimCursor.MARGIN_BATCHES * (long) options.batchSize()));
        if (claimed == 0 && sweep == null && cursor.takeEarlySweep()) {
            claimed = claimAndHandle(ClaimCursor.sweep());
        }
        if (claimed < options.batchSize()) {
            if (promoter.moreDue()) {
                promoter.caughtUp(); // paces a burst coming due (see Promoter)
                promotions.nudge();
            }
        }
        return claimed;
    }

    private int claimAndHandle(ClaimCursor.Ranges ranges) throws SQLException {
        long started = System.nanoTime();
        Outcome outcome = new Outcome();
        int claimed = 0;
        try (Connection c = dataSource.getConnection()) {
            int admitted = gate.admit(c, options.batchSize()); // global limits (ClaimGate): 0 while shut
            if (admitted == 0) {
                return 0;
            }
            c.setAutoCommit(false);
            try {
                long claimStarted = System.nanoTime();
                ClaimedBatch batch = gate.holdSlot(c) ? ObservedClaim.claim(claimObserver, claimer, table.queue(), c, ranges, admitted) : null;
                if (ranges.fromStart()) {
                    cursor.sweepTook(System.nanoTime() - claimStarted); // paces the next sweeps (ClaimCursor)
                }
                claimed = batch == null ? 0 : batch.messages().size();
                if (batch == null || batch.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                advanceCursor(batch, ranges.sweep());
                CrashTriage.Result triaged = triage.triage(c, batch);
                outcome.dead += triaged.dead();
                List<ReceivedMessage> runnable = triaged.runnable();
                // A failing handler's writes roll back to a point after what the triage wrote (dead
                // letters, messages put back): those must commit with the batch whatever the handler does.
                String undoPoint = Claimer.SAVEPOINT;
                if (triaged.wrote() && !runnable.isEmpty()) {
                    undoPoint = "sluice_handler";
                    execute(c, "SAVEPOINT " + undoPoint);
                }
                boolean committedByHandler = false;
                if (!runnable.isEmpty()) {
                    HandlerCall call = new HandlerCall(c, true, fs -> writeFailures(c, fs));
                    Exception error = runHandler(c, runnable, call);
                    if (call.aborted()) {
                        throw error instanceof SQLException sql ? sql
                                : new SQLException("The batch's commit failed; it will be delivered again", error);
                    }
                    if (call.committed() || error == null) {
                        committedByHandler = call.committed();
                        if (!committedByHandler) {
                            call.writeFailures();
                        }
                        if (error != null) {
                            log.warn("The handler of queue {} threw after commitWith had committed its batch of {}; the batch"
                                    + " stays acknowledged: {}", table.queue(), runnable.size(), error.toString());
                        }
                        count(outcome, runnable.size(), call);
                    } else {
                        undoTo(c, undoPoint);
                        outcome.callsLeft = splitBudget(runnable.size());
                        isolate(c, runnable, error, outcome);
                    }
                }
                if (!committedByHandler) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
                gate.settle(c, admitted, claimed, options.batchSize());
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

    /** Moves the positions forward; a full sweep that found messages behind them asks for another sweep. */
    private void advanceCursor(ClaimedBatch batch, boolean sweep) {
        boolean behind = false;
        int lastPriority = Integer.MIN_VALUE;
        long lastSeq = 0;
        for (int i = 0; i < batch.messages().size(); i++) {
            int priority = batch.messages().get(i).priority();
            long seq = batch.seqs()[i];
            behind |= cursor.claimed(priority, seq);
            if (priority > lastPriority || (priority == lastPriority && seq > lastSeq)) {
                lastPriority = priority;
                lastSeq = seq;
            }
        }
        if (sweep && behind && batch.messages().size() >= options.batchSize()) {
            cursor.sweepAgain(lastPriority, lastSeq);
        }
    }

    /**
     * How many more handler calls isolating a failed batch of {@code n} may make: enough to single
     * out two failing messages by halving (2 calls per level), so that a batch where everything fails
     * calls the handler about 4 log2(n) times, not 2n times, repeating fewer external side effects.
     */
    static int splitBudget(int n) {
        int levels = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        return 4 * levels;
    }

    /** Runs the handler on a guarded connection; returns its exception, or rethrows if the connection itself is gone. */
    private Exception runHandler(Connection c, List<ReceivedMessage> messages, HandlerCall call) throws SQLException {
        try {
            handler.handle(new Batch(table.queue(), messages, GuardedConnection.wrap(c), call));
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

    /**
     * Splits a failed part until each failing message stands alone, all inside the open transaction.
     * Once the budget of handler calls is spent, the parts not yet run are deferred with a backoff but
     * no attempt counted (none of them is known to fail alone): every batch still singles out at least
     * one failing message, since reaching one takes two calls per level, half the budget.
     */
    private void isolate(Connection c, List<ReceivedMessage> failed, Exception cause, Outcome outcome) throws SQLException {
        if (failed.size() == 1) {
            for (ReceivedMessage m : failed) {
                outcome.failed++;
                if (failures.failed(c, m, cause)) {
                    outcome.dead++;
                }
            }
            return;
        }
        int middle = failed.size() / 2;
        // Round trips are what a failing batch costs its batch-mates: a first half that succeeded is
        // released in the same round trip as the second half's savepoint, and a rollback to a
        // savepoint goes with its release.
        boolean open = false;
        for (List<ReceivedMessage> half : List.of(failed.subList(0, middle), failed.subList(middle, failed.size()))) {
            if (outcome.callsLeft <= 0) {
                failures.defer(c, half, cause);
                continue;
            }
            outcome.callsLeft--;
            execute(c, (open ? "RELEASE SAVEPOINT sluice_part;\n" : "") + "SAVEPOINT sluice_part");
            open = false;
            HandlerCall part = new HandlerCall(c, false, fs -> writeFailures(c, fs)); // a part: never commits
            Exception error = runHandler(c, half, part);
            if (error == null) {
                open = true;
                part.writeFailures();
                count(outcome, half.size(), part);
            } else {
                undoTo(c, "sluice_part");
                isolate(c, half, error, outcome);
            }
        }
        if (open) {
            execute(c, "RELEASE SAVEPOINT sluice_part");
        }
    }

    /** Messages failed one by one by the handler (Batch.fail), written like an isolated failure; returns how many died. */
    private int writeFailures(Connection c, List<Batch.Failure> failed) throws SQLException {
        int dead = 0;
        for (Batch.Failure f : failed) {
            dead += failures.failed(c, f.message(), f.cause()) ? 1 : 0;
        }
        return dead;
    }

    private static void count(Outcome outcome, int size, HandlerCall call) {
        outcome.handled += size - call.failures().size();
        outcome.failed += call.failures().size();
        outcome.dead += call.dead();
    }

    private static void undoTo(Connection c, String savepoint) throws SQLException {
        execute(c, "ROLLBACK TO SAVEPOINT " + savepoint + ";\nRELEASE SAVEPOINT " + savepoint);
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
}
