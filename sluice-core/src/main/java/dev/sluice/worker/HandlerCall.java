package dev.sluice.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * What one handler call did besides its own statements: messages it failed one by one
 * ({@link Batch#fail}) and the final commit ({@link Batch#commitWith}: the handler's last statement
 * and the COMMIT that acknowledges the batch, sent in one round trip, behind a savepoint so that a
 * failing statement can be undone alone; PostgreSQL runs them in order and, after an error, skips
 * the rest of the round trip, so a statement that fails never reaches the COMMIT). Only the call
 * that holds the whole batch may commit (not a part of a failing batch being isolated).
 */
final class HandlerCall {

    /** Writes the failures of one call into the batch's transaction (FailureRecorder, in BatchExecutor). */
    @FunctionalInterface
    interface FailureWriter {
        /** Returns how many of them went to the dead letters. */
        int write(List<Batch.Failure> failures) throws SQLException;
    }

    private static final String SAVEPOINT = "sluice_final";

    private final Connection raw;
    private final boolean whole;
    private final FailureWriter writer;
    private final List<Batch.Failure> failures = new ArrayList<>();
    private boolean failuresWritten;
    private int dead;
    private boolean committed;
    private boolean aborted;

    HandlerCall(Connection raw, boolean whole, FailureWriter writer) {
        this.raw = raw;
        this.whole = whole;
        this.writer = writer;
    }

    void fail(Batch.Failure failure) {
        if (committed || aborted) {
            throw new IllegalStateException("The batch was already committed by commitWith; fail messages before that.");
        }
        if (failures.stream().noneMatch(f -> f.message().id() == failure.message().id())) {
            failures.add(failure);
        }
    }

    /** How many of the failures went to the dead letters (once written). */
    int dead() {
        return dead;
    }

    /** The messages failed by the handler, in the order it failed them. */
    List<Batch.Failure> failures() {
        return List.copyOf(failures);
    }

    /** Writes the failures into the transaction, once (before a commitWith, or after the handler returns). */
    void writeFailures() throws SQLException {
        if (!failuresWritten && !failures.isEmpty()) {
            dead = writer.write(failures);
        }
        failuresWritten = true;
    }

    /** Whether the batch committed with the handler's statement. */
    boolean committed() {
        return committed;
    }

    /** Whether the COMMIT itself failed: the transaction is gone, rolled back. */
    boolean aborted() {
        return aborted;
    }

    boolean run(String sql, Batch.Binder binder) throws SQLException {
        if (committed || aborted) {
            throw new IllegalStateException("commitWith was already called for this batch, which is "
                    + (committed ? "committed" : "rolled back") + "; return from the handler");
        }
        if (!whole) {
            runOnly(raw, sql, binder);
            return false;
        }
        writeFailures(); // they commit with the batch
        try (PreparedStatement ps = raw.prepareStatement("SAVEPOINT " + SAVEPOINT + ";\n" + sql + ";\nCOMMIT")) {
            binder.bind(ps);
            ps.execute();
            while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                // drain the statement's and the COMMIT's results
            }
        } catch (SQLException e) {
            if (state() == TransactionState.IDLE) {
                aborted = true; // the COMMIT failed: PostgreSQL rolled the whole transaction back
                throw e;
            }
            try (Statement s = raw.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + ";\nRELEASE SAVEPOINT " + SAVEPOINT);
            }
            throw e;
        }
        committed = true;
        return true;
    }

    private TransactionState state() throws SQLException {
        return raw.unwrap(BaseConnection.class).getTransactionState();
    }

    static void runOnly(Connection c, String sql, Batch.Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.execute();
        }
    }
}
