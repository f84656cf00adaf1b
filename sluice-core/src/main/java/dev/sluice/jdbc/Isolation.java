package dev.sluice.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * Pins READ COMMITTED on Sluice's own transactions. Sluice's statements rely on it: a claim or a
 * promotion under REPEATABLE READ fails with a serialization error on a row deleted since its
 * snapshot instead of skipping it, an idempotent enqueue fails on a key committed meanwhile, and
 * the slot truncator's emptiness re-check under the lock would reuse the first check's snapshot.
 * A user's own pool may default to a stricter level; the pool's default is read once per data
 * source, so that the common case (READ COMMITTED) costs no extra round trip.
 */
public final class Isolation {

    private static final Map<DataSource, Boolean> STRICTER_DEFAULT = new WeakHashMap<>();

    private Isolation() {
    }

    /**
     * Makes the transaction just begun on {@code c} (auto-commit off, nothing run yet) READ COMMITTED
     * if the pool's default is another level.
     */
    public static void readCommitted(DataSource dataSource, Connection c) throws SQLException {
        if (stricterDefault(dataSource, c)) {
            forceReadCommitted(c);
        }
    }

    /** Makes the transaction just begun on {@code c} READ COMMITTED, unconditionally. */
    public static void forceReadCommitted(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
    }

    private static boolean stricterDefault(DataSource dataSource, Connection c) throws SQLException {
        synchronized (STRICTER_DEFAULT) {
            Boolean known = STRICTER_DEFAULT.get(dataSource);
            if (known != null) {
                return known;
            }
        }
        boolean stricter;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
            rs.next();
            stricter = !"read committed".equalsIgnoreCase(rs.getString(1));
        }
        synchronized (STRICTER_DEFAULT) {
            STRICTER_DEFAULT.put(dataSource, stricter);
        }
        return stricter;
    }
}
