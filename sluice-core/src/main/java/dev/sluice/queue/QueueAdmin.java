package dev.sluice.queue;

import dev.sluice.jdbc.Transactions;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Creates, lists, pauses, resumes and drops queues, and reads their statistics. */
public final class QueueAdmin {

    private static final SqlTemplate CREATE = SqlTemplate.load(QueueAdmin.class, "queue_create.sql");
    private static final SqlTemplate PARTITION = SqlTemplate.load(QueueAdmin.class, "queue_partition.sql");

    private final DataSource dataSource;
    private final String schema;
    private final QueueStatements statements;

    public QueueAdmin(DataSource dataSource, String schema, QueueStatements statements) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.statements = statements;
    }

    /** Creates the queue with default options if it does not exist. Returns true if this call created it. */
    public boolean create(String queue) {
        return create(queue, QueueOptions.DEFAULTS);
    }

    /**
     * Creates the queue if it does not exist; safe to call from several processes at once. An
     * existing queue keeps its original options. Returns true if this call created it.
     */
    public boolean create(String queue, QueueOptions options) {
        QueueTable table = new QueueTable(schema, queue);
        return inTransaction("create queue \"" + queue + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.quotedSchema()
                    + ".queues (name, slots, rotation_seconds) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, queue);
                ps.setInt(2, options.slots());
                ps.setInt(3, (int) options.rotation().toSeconds());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            Map<String, String> values = new HashMap<>(QueueStatements.placeholders(table));
            values.put("rotation_seconds", Long.toString(options.rotation().toSeconds()));
            values.put("slots", Integer.toString(options.slots()));
            try (Statement s = c.createStatement()) {
                s.execute(CREATE.render(values));
                for (int slot = 0; slot < options.slots(); slot++) {
                    values.put("partition", table.partition(slot));
                    values.put("slot", Integer.toString(slot));
                    s.execute(PARTITION.render(values));
                }
            }
            return true;
        });
    }

    /** True if the queue exists. */
    public boolean exists(String queue) {
        return catalogueRow(queue, "1", rs -> true, false);
    }

    /** Reads one column expression of the queue's catalogue row; {@code missing} when there is none. */
    private <T> T catalogueRow(String queue, String columns, RowReader<T> reader, T missing) {
        Identifiers.queueName(queue);
        return inTransaction("read queue \"" + queue + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + Identifiers.quote(schema) + ".queues WHERE name = ?")) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? reader.read(rs) : missing;
                }
            }
        });
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Throws {@link UnknownQueueException} unless the queue exists. */
    public void requireExists(String queue) {
        if (!exists(queue)) {
            throw new UnknownQueueException(queue);
        }
    }

    /** The names of all queues, sorted. */
    public List<String> list() {
        return inTransaction("list queues", c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM " + Identifiers.quote(schema) + ".queues ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** The queue's storage options. */
    public QueueOptions options(String queue) {
        QueueOptions options = catalogueRow(queue, "slots, rotation_seconds",
                rs -> new QueueOptions(rs.getInt(1), java.time.Duration.ofSeconds(rs.getInt(2))), null);
        if (options == null) {
            throw new UnknownQueueException(queue);
        }
        return options;
    }

    /** Stops workers from claiming messages of this queue (enqueue still works). */
    public void pause(String queue) {
        setPaused(queue, true);
    }

    /** Lets workers claim messages of this queue again. */
    public void resume(String queue) {
        setPaused(queue, false);
    }

    /** True if the queue is paused. */
    public boolean isPaused(String queue) {
        Boolean paused = catalogueRow(queue, "paused", rs -> rs.getBoolean(1), null);
        if (paused == null) {
            throw new UnknownQueueException(queue);
        }
        return paused;
    }

    private void setPaused(String queue, boolean paused) {
        QueueTable table = new QueueTable(schema, queue);
        inTransaction((paused ? "pause" : "resume") + " queue \"" + queue + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table.quotedSchema() + ".queues SET paused = ? WHERE name = ?")) {
                ps.setBoolean(1, paused);
                ps.setString(2, queue);
                if (ps.executeUpdate() == 0) {
                    throw new UnknownQueueException(queue);
                }
            }
            // Wake idle workers so that a resume takes effect at once (payload "resume": wake all).
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, 'resume')")) {
                ps.setString(1, table.channel());
                ps.execute();
            }
            return null;
        });
    }

    /**
     * Sets the queue's global limits (replacing all of them; {@link QueueLimits#NONE} removes them).
     * Running workers in every process apply them at their next claim: the limits are read from the
     * catalogue at each claim of a limited queue, and a "resume" notification tells workers of a queue
     * that had no limit to start consulting them (without LISTEN/NOTIFY, within 5 seconds). Lowering
     * {@code maxConcurrentBatches} lets running batches finish; none starts above the new limit.
     */
    public void setLimits(String queue, QueueLimits limits) {
        java.util.Objects.requireNonNull(limits, "limits (use QueueLimits.NONE for none)");
        QueueTable table = new QueueTable(schema, queue);
        inTransaction("set limits of queue \"" + queue + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement(statements.get(QueueAdmin.class, "queue_set_limits.sql", table))) {
                ps.setObject(1, limits.maxConcurrentBatches(), java.sql.Types.INTEGER);
                ps.setObject(2, limits.rateLimit(), java.sql.Types.DOUBLE);
                ps.setObject(3, limits.rateBurst(), java.sql.Types.INTEGER);
                ps.setString(4, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownQueueException(queue);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, 'resume')")) {
                ps.setString(1, table.channel());
                ps.execute();
            }
            return null;
        });
    }

    /** The queue's global limits ({@link QueueLimits#NONE} when it has none). */
    public QueueLimits limits(String queue) {
        QueueLimits limits = catalogueRow(queue, "max_concurrent_batches, rate_limit, rate_burst", QueueAdmin::limits, null);
        if (limits == null) {
            throw new UnknownQueueException(queue);
        }
        return limits;
    }

    private static QueueLimits limits(ResultSet rs) throws SQLException {
        return new QueueLimits((Integer) rs.getObject("max_concurrent_batches"),
                rs.getObject("rate_limit") == null ? null : rs.getDouble("rate_limit"), (Integer) rs.getObject("rate_burst"));
    }

    /** Drops the queue, its pending messages, its dead letters and its idempotency keys. */
    public void drop(String queue) {
        QueueTable table = new QueueTable(schema, queue);
        inTransaction("drop queue \"" + queue + "\"", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table.table() + ", " + table.scheduled());
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.quotedSchema() + ".queues WHERE name = ?")) {
                ps.setString(1, queue);
                if (ps.executeUpdate() == 0) {
                    throw new UnknownQueueException(queue);
                }
            }
            return null;
        });
    }

    /** The queue's statistics now. */
    public QueueStats stats(String queue) {
        QueueTable table = new QueueTable(schema, queue);
        return inTransaction("read statistics of queue \"" + queue + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement(statements.get(QueueAdmin.class, "queue_stats.sql", table))) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownQueueException(queue);
                    }
                    return new QueueStats(queue, rs.getBoolean("paused"), rs.getLong("depth"), rs.getLong("ready"),
                            rs.getDouble("oldest_ready_seconds"), rs.getLong("processed_total"), rs.getLong("failed_total"),
                            rs.getLong("dead_total"), rs.getLong("dead_letters"), rs.getLong("leased"), limits(rs), rs.getLong("batches_running"));
                }
            } catch (SQLException e) {
                if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                    throw new UnknownQueueException(queue);
                }
                throw e;
            }
        });
    }

    /** The most messages one {@link #peek} returns. */
    public static final int MAX_PEEK = 10_000;

    /**
     * Up to {@code limit} pending messages of the queue, without claiming, locking or changing any:
     * the ready ones first in the order workers would claim them (priority, then enqueue order), then
     * the scheduled ones (not yet due, or waiting for a retry) by due time. Messages of a batch in
     * flight show until that batch commits. For tests, dashboards and debugging; workers never use it.
     *
     * @param limit 1 to {@value #MAX_PEEK}
     * @throws UnknownQueueException if the queue does not exist
     */
    public List<PendingMessage> peek(String queue, int limit) {
        if (limit < 1 || limit > MAX_PEEK) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PEEK + "; got " + limit + ".");
        }
        QueueTable table = new QueueTable(schema, queue);
        return inTransaction("peek at queue \"" + queue + "\"", c -> {
            List<PendingMessage> pending = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(statements.get(QueueAdmin.class, "queue_peek.sql", table))) {
                ps.setInt(1, limit);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && pending.size() < limit) {
                        pending.add(new PendingMessage(rs.getLong(1), queue, rs.getInt(2), rs.getString(3), rs.getInt(4),
                                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getString(10), rs.getBoolean(11)));
                    }
                }
            } catch (SQLException e) {
                if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                    throw new UnknownQueueException(queue);
                }
                throw e;
            }
            return pending;
        });
    }

    /** Statistics of every queue. */
    public List<QueueStats> allStats() {
        List<QueueStats> all = new ArrayList<>();
        for (String q : list()) {
            try {
                all.add(stats(q));
            } catch (UnknownQueueException dropped) {
                // dropped between list and read
            }
        }
        return all;
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work) {
        return Transactions.run(dataSource, what, work);
    }
}
