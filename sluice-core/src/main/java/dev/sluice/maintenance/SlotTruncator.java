package dev.sluice.maintenance;

import dev.sluice.jdbc.Isolation;
import dev.sluice.queue.QueueOptions;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.schema.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Truncates a queue's drained slots. TRUNCATE frees a partition's dead rows at once, which VACUUM
 * cannot do while any session holds an older snapshot: this is what keeps claims fast when a long
 * report or a forgotten BEGIN holds back the xmin horizon.
 *
 * <p>Emptiness is checked again after taking the ACCESS EXCLUSIVE lock, so a message inserted
 * between the first check and the lock is never truncated away. The lock is taken with a short
 * timeout so that busy workers are not stalled; a slot that cannot be locked is tried next time.
 */
final class SlotTruncator {

    private static final Logger log = LoggerFactory.getLogger(SlotTruncator.class);

    private final DataSource dataSource;
    private final QueueStatements statements;

    SlotTruncator(DataSource dataSource, QueueStatements statements) {
        this.dataSource = dataSource;
        this.statements = statements;
    }

    /** Truncates every drained, non-current slot of the queue; returns how many it truncated. */
    int truncateDrained(QueueTable table, QueueOptions options) throws SQLException {
        List<String> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(SlotTruncator.class, "slot_candidates.sql", table)
                     )) {
            ps.setInt(1, (int) options.rotation().toSeconds());
            ps.setInt(2, options.slots());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(2));
                }
            }
        }
        int truncated = 0;
        for (String partition : candidates) {
            if (truncateIfEmpty(Identifiers.quote(table.schema()) + "." + Identifiers.quote(partition))) {
                truncated++;
            }
        }
        return truncated;
    }

    private boolean truncateIfEmpty(String partition) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // Cheap check first, in a transaction of its own: most partitions with rows are simply not
            // drained. Its share lock must not be held into the next transaction: two processes holding
            // it and both asking for the exclusive lock would deadlock.
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            if (hasRows(c, partition)) {
                return false;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // READ COMMITTED whatever the pool's default: the re-check under the lock must take a
                // snapshot of its own, after the lock, or it would miss a message inserted meanwhile.
                Isolation.forceReadCommitted(c);
                s.execute("SET LOCAL lock_timeout = '50ms'");
                s.execute("LOCK TABLE " + partition + " IN ACCESS EXCLUSIVE MODE");
                if (hasRows(c, partition)) {
                    c.rollback();
                    return false;
                }
                s.execute("TRUNCATE " + partition);
                c.commit();
                log.debug("Truncated drained slot {}", partition);
                return true;
            } catch (SQLException e) {
                c.rollback();
                if ("55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) {
                    return false; // lock_timeout, or a deadlock with another session's lock: busy, try next round
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static boolean hasRows(Connection c, String partition) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + partition + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
