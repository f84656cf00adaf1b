package dev.sluice.streams;

import dev.sluice.streams.Subscriber.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One batch of one subscription, in one transaction: xmin, lock, position, read, handler, advance,
 * commit. Used by {@link Subscriber}'s thread and by {@link Streams#poll}.
 */
final class BatchReader {

    /** What a round did, and how many events it delivered. */
    record Result(Outcome outcome, int count) {
    }

    private final DataSource dataSource;
    private final StreamTable table;
    private final String name;
    private final int batchSize;
    private final StreamHandler handler;

    BatchReader(DataSource dataSource, StreamTable table, String name, int batchSize, StreamHandler handler) {
        this.dataSource = dataSource;
        this.table = table;
        this.name = name;
        this.batchSize = batchSize;
        this.handler = handler;
    }

    /** Runs one round; a handler or database failure rolls back and is thrown. */
    Result runOnce() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Result r = batch(c);
                if (r.outcome() != Outcome.DELIVERED) {
                    c.rollback();
                }
                return r;
            } catch (Exception e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private Result batch(Connection c) throws Exception {
        long xmin;
        // First statement, while this transaction has no xid: see read_batch.sql.
        try (PreparedStatement ps = c.prepareStatement(table.sql("snapshot_xmin.sql")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            xmin = Long.parseLong(rs.getString(1));
        }
        try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_lock.sql"))) {
            ps.setString(1, table.lockKey(name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Result(Outcome.BUSY, 0);
                }
            }
        }
        String positionTxid;
        long positionId;
        try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_position.sql"))) {
            ps.setString(1, table.stream());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownSubscriptionException(table.stream(), name);
                }
                positionTxid = rs.getString(1);
                positionId = rs.getLong(2);
            }
        }
        List<StreamEvent> events = new ArrayList<>();
        boolean held = false;
        try (PreparedStatement ps = c.prepareStatement(table.sql("read_batch.sql"))) {
            ps.setString(1, positionTxid);
            ps.setLong(2, positionId);
            ps.setInt(3, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String txid = rs.getString(2);
                    if (Long.parseLong(txid) >= xmin) {
                        held = true; // this and every later row: wait for the transactions below them to end
                        break;
                    }
                    events.add(Streams.event(rs));
                }
            }
        }
        if (events.isEmpty()) {
            return new Result(held ? Outcome.PENDING : Outcome.IDLE, 0);
        }
        handler.handle(new StreamBatch(table.stream(), name, List.copyOf(events), c));
        StreamEvent last = events.get(events.size() - 1);
        try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_advance.sql"))) {
            ps.setString(1, last.txid());
            ps.setLong(2, last.id());
            ps.setLong(3, events.size());
            ps.setString(4, table.stream());
            ps.setString(5, name);
            if (ps.executeUpdate() != 1) {
                throw new UnknownSubscriptionException(table.stream(), name);
            }
        }
        c.commit();
        return new Result(Outcome.DELIVERED, events.size());
    }

}
