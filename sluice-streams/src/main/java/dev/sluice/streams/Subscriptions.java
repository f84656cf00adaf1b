package dev.sluice.streams;

import dev.sluice.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Creating, resetting (replay) and deleting subscriptions. A subscription is a named, durable
 * position in one stream; any number of processes may consume it (one batch at a time).
 */
public final class Subscriptions {

    private final DataSource dataSource;
    private final Streams streams;

    Subscriptions(DataSource dataSource, Streams streams) {
        this.dataSource = dataSource;
        this.streams = streams;
    }

    /**
     * Creates the subscription at {@code from} unless it exists (then its durable position is kept and
     * {@code from} is ignored, as Kafka's auto.offset.reset). Returns true if this call created it.
     */
    public boolean create(String stream, String name, StartFrom from) {
        StreamTable table = streams.table(stream);
        Streams.checkName(name);
        return Transactions.run(dataSource, "create subscription \"" + name + "\" of stream \"" + stream + "\"", c -> {
            StreamPosition p = resolve(c, table, from);
            try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_create.sql"))) {
                ps.setString(1, stream);
                ps.setString(2, name);
                ps.setString(3, p.txid());
                ps.setLong(4, p.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Moves the subscription to {@code from}: back to replay, forward to skip. Waits for a batch of it
     * in flight anywhere to finish, so the reset is never overwritten by that batch's commit.
     * Returns the new position.
     */
    public StreamPosition reset(String stream, String name, StartFrom from) {
        StreamTable table = streams.table(stream);
        return Transactions.run(dataSource, "reset subscription \"" + name + "\" of stream \"" + stream + "\"", c -> {
            try (PreparedStatement lock = c.prepareStatement(table.sql("subscription_lock_wait.sql"))) {
                lock.setString(1, table.lockKey(name));
                lock.execute();
            }
            StreamPosition p = resolve(c, table, from);
            try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_reset.sql"))) {
                ps.setString(1, p.txid());
                ps.setLong(2, p.id());
                ps.setString(3, stream);
                ps.setString(4, name);
                if (ps.executeUpdate() == 0) {
                    throw new UnknownSubscriptionException(stream, name);
                }
            }
            return p;
        });
    }

    /** Deletes the subscription (it stops holding retention back). Returns false if there was none. */
    public boolean delete(String stream, String name) {
        StreamTable table = streams.table(stream);
        return Transactions.run(dataSource, "delete subscription \"" + name + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM " + table.quotedSchema() + ".stream_subscriptions WHERE stream = ? AND name = ?")) {
                ps.setString(1, stream);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The subscription's position and lag, if it exists. */
    public Optional<SubscriptionStats> stats(String stream, String name) {
        return streams.stats(stream).subscriptions().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    StreamPosition resolve(Connection c, StreamTable table, StartFrom from) throws SQLException {
        if (from instanceof StartFrom.Earliest) {
            return StreamPosition.BEGINNING;
        }
        if (from instanceof StartFrom.AtPosition at) {
            return at.position();
        }
        if (from instanceof StartFrom.AfterEvent after) {
            try (PreparedStatement ps = c.prepareStatement(table.sql("position_of_event.sql"))) {
                ps.setLong(1, after.eventId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownEventException(table.stream(), after.eventId());
                    }
                    return new StreamPosition(rs.getString(1), rs.getLong(2));
                }
            }
        }
        if (from instanceof StartFrom.AtTime at) {
            try (PreparedStatement ps = c.prepareStatement(table.sql("position_at_time.sql"))) {
                ps.setTimestamp(1, Timestamp.from(at.time()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        return new StreamPosition(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        // LATEST, or a time after the newest event.
        try (PreparedStatement ps = c.prepareStatement(table.sql("position_latest.sql")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new StreamPosition(rs.getString(1), rs.getLong(2));
        }
    }
}
