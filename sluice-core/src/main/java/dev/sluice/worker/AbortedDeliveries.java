package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deliveries that ended without their batch committing (migration V007): recorded when a claim
 * finds a message whose last batch aborted, counted into its attempts, forgotten when a batch ends
 * its delivery. A batch of messages with no crash behind them never comes here.
 */
final class AbortedDeliveries {

    private static final Logger log = LoggerFactory.getLogger(AbortedDeliveries.class);

    private final DataSource dataSource;
    private final String queue;
    private final String recordSql;
    private final String forgetSql;
    private final String excuseSql;

    AbortedDeliveries(DataSource dataSource, QueueTable table, QueueStatements statements) {
        this.dataSource = dataSource;
        this.queue = table.queue();
        this.recordSql = statements.get(AbortedDeliveries.class, "aborted_record.sql", table);
        this.forgetSql = statements.get(AbortedDeliveries.class, "aborted_forget.sql", table);
        this.excuseSql = statements.get(AbortedDeliveries.class, "aborted_excuse.sql", table);
    }

    /**
     * Records the batch's aborted deliveries (autocommit, on a connection of its own, so that the
     * record outlives this batch should it die too) and returns, per suspect, how many deliveries
     * it has had that never committed. If the record cannot be written, each abort the claim saw
     * still counts for this batch, but a later crash may then count one delivery short.
     */
    Map<Long, Integer> record(ClaimedBatch batch) {
        Map<Long, Integer> counts = new HashMap<>();
        Object[] abortedIds = batch.abortedBy().keySet().toArray();
        Object[] xids = batch.abortedBy().values().toArray();
        Object[] suspects = batch.suspects().toArray();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(recordSql)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setArray(1, c.createArrayOf("int8", abortedIds));
            ps.setArray(2, c.createArrayOf("text", xids));
            ps.setArray(3, c.createArrayOf("int8", suspects));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            log.warn("Could not record {} aborted deliveries of queue {}; counting only what this claim saw: {}",
                    abortedIds.length, queue, e.toString());
            batch.abortedBy().keySet().forEach(id -> counts.put(id, 1));
        }
        return counts;
    }

    /**
     * Excuses messages this batch claimed but puts back untouched from its abort, should it abort
     * (autocommit, on a connection of its own). If that fails, they are counted as delivered.
     */
    void excuse(ClaimedBatch batch, Collection<Long> ids) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(excuseSql)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, batch.transactionId());
            ps.setArray(2, c.createArrayOf("int8", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("Could not excuse {} messages of queue {} put back untouched; should their batch abort, it counts as"
                    + " one of their attempts: {}", ids.size(), queue, e.toString());
        }
    }

    /**
     * Forgets, in the batch's transaction, the records of messages whose delivery this batch ends and
     * the excuses it wrote (they matter only if it aborts).
     */
    void forget(Connection c, ClaimedBatch batch, Collection<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(forgetSql)) {
            ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
            ps.setString(2, batch.transactionId());
            ps.executeUpdate();
        }
    }
}
