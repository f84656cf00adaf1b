package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each claimed batch before its handler runs, on a connection of its own (see V002,
 * deliveries): if the batch's transaction never commits, maintenance counts the delivery.
 */
final class DeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    private final DataSource dataSource;
    private final String sql;

    DeliveryLog(DataSource dataSource, QueueTable table, QueueStatements statements) {
        this.dataSource = dataSource;
        this.sql = statements.get(DeliveryLog.class, "delivery_log.sql", table);
    }

    /** One autocommitted insert; a failure only costs the count of this delivery should it crash. */
    void record(String transactionId, long[] ids) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, transactionId);
            Object[] boxed = new Object[ids.length];
            for (int i = 0; i < ids.length; i++) {
                boxed[i] = ids[i];
            }
            ps.setArray(2, c.createArrayOf("int8", boxed));
            ps.executeUpdate();
        } catch (SQLException e) {
            log.debug("Could not record a delivery of {} messages; a crash while handling them would not count as an attempt: {}",
                    ids.length, e.toString());
        }
    }
}
