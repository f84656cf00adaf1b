package dev.sluice.deadletter;

import dev.sluice.SluiceException;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.SqlStates;
import dev.sluice.queue.UnknownQueueException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** Lists, re-drives and discards dead letters. */
public final class DeadLetters {

    private final DataSource dataSource;
    private final String schema;
    private final QueueStatements statements;

    public DeadLetters(DataSource dataSource, String schema, QueueStatements statements) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.statements = statements;
    }

    /** Up to {@code limit} dead letters of the queue with id greater than {@code afterId}, oldest id first. */
    public List<DeadLetter> list(String queue, long afterId, int limit) {
        QueueTable table = new QueueTable(schema, queue);
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000; got " + limit + ".");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(DeadLetters.class, "dead_letters_list.sql", table))) {
            ps.setString(1, queue);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SluiceException("Could not list dead letters of queue \"" + queue + "\": " + e.getMessage(), e);
        }
    }

    /** The first 100 dead letters of the queue. */
    public List<DeadLetter> list(String queue) {
        return list(queue, 0, 100);
    }

    /**
     * Puts the given dead letters back into their queue as fresh messages (attempts reset) and
     * returns the ids moved. Ids that are not dead letters of this queue are ignored.
     */
    public List<Long> redrive(String queue, Collection<Long> ids) {
        return redriveOrAll(queue, ids);
    }

    /** Puts every dead letter of the queue back; returns the ids moved. */
    public List<Long> redriveAll(String queue) {
        return redriveOrAll(queue, null);
    }

    private List<Long> redriveOrAll(String queue, Collection<Long> ids) {
        QueueTable table = new QueueTable(schema, queue);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(DeadLetters.class, "redrive.sql", table))) {
            Array array = ids == null ? null : c.createArrayOf("int8", ids.toArray());
            ps.setString(1, queue);
            ps.setArray(2, array);
            ps.setArray(3, array);
            List<Long> moved = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    moved.add(rs.getLong(1));
                }
            }
            return moved;
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                throw new UnknownQueueException(queue);
            }
            throw new SluiceException("Could not re-drive dead letters of queue \"" + queue + "\": " + e.getMessage(), e);
        }
    }

    /** Deletes the given dead letters for good; returns how many were deleted. */
    public int discard(String queue, Collection<Long> ids) {
        QueueTable table = new QueueTable(schema, queue);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statements.get(DeadLetters.class, "dead_letters_delete.sql", table))) {
            Array array = c.createArrayOf("int8", ids.toArray());
            ps.setString(1, queue);
            ps.setArray(2, array);
            ps.setArray(3, array);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new SluiceException("Could not discard dead letters of queue \"" + queue + "\": " + e.getMessage(), e);
        }
    }
}
