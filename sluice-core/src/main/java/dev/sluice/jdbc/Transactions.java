package dev.sluice.jdbc;

import dev.sluice.SluiceException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a unit of work in one transaction on a pooled connection: commit on success, rollback on any
 * failure. Transactions on Sluice's own connections are READ COMMITTED whatever the pool's default.
 */
public final class Transactions {

    /** Work on an open connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction of its own. A {@link SQLException} becomes a
     * {@link SluiceException} saying "Could not {what}: ..."; runtime exceptions pass through
     * unchanged, after the rollback.
     */
    public static <T> T run(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return run(c, tx -> {
                Isolation.readCommitted(dataSource, tx);
                return work.run(tx);
            });
        } catch (SQLException e) {
            throw new SluiceException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a transaction on the given connection, restoring auto-commit afterwards.
     * When the work fails, the rollback's own failure (likely when the connection itself broke) is
     * attached as suppressed, so that the caller sees the original cause and its SQLState.
     */
    public static <T> T run(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
                c.setAutoCommit(autoCommit);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        c.setAutoCommit(autoCommit);
        return result;
    }
}
