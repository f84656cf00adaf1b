package dev.sluice.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * {@link Batch#commitWith}: the handler's last statement and the COMMIT that acknowledges the batch,
 * sent in one round trip, behind a savepoint so that a failing statement can be undone alone.
 * PostgreSQL runs the three in order and, after an error, skips the rest up to the round trip's end:
 * a statement that fails never reaches the COMMIT. One per handler call; only the call that holds
 * the whole batch may commit (not a part of a failing batch being isolated).
 */
final class FinalCommit {

    private static final String SAVEPOINT = "sluice_final";

    private final Connection raw;
    private final boolean whole;
    private boolean committed;
    private boolean aborted;

    FinalCommit(Connection raw, boolean whole) {
        this.raw = raw;
        this.whole = whole;
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
