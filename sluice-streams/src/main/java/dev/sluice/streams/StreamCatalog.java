package dev.sluice.streams;

import dev.sluice.jdbc.Transactions;
import dev.sluice.schema.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** The streams catalogue: creating, dropping, listing streams, their options, and the tables of known streams. */
final class StreamCatalog {

    private final DataSource dataSource;
    private final String schema;
    private final Map<String, StreamTable> tables = new ConcurrentHashMap<>();

    StreamCatalog(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Creates the stream, or updates its retention settings if it exists (the partition interval of an
     * existing stream is kept). Returns true if this call created it.
     */
    boolean create(String stream, StreamOptions options) {
        StreamTable table = new StreamTable(schema, stream);
        boolean created = Transactions.run(dataSource, "create stream \"" + stream + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.quotedSchema() + ".streams "
                    + "(name, partition_seconds, retention_seconds, max_bytes, drop_unconsumed) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET retention_seconds = excluded.retention_seconds, max_bytes = excluded.max_bytes, "
                    + "drop_unconsumed = excluded.drop_unconsumed RETURNING (xmax = 0)")) {
                ps.setString(1, stream);
                ps.setInt(2, (int) options.partitionInterval().toSeconds());
                ps.setObject(3, options.retention() == null ? null : options.retention().toSeconds(), java.sql.Types.BIGINT);
                ps.setObject(4, options.maxBytes(), java.sql.Types.BIGINT);
                ps.setBoolean(5, options.retentionMode() == RetentionMode.DROP_UNCONSUMED);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(table.sql("stream_create.sql"));
            }
            return true;
        });
        tables.put(stream, table);
        return created;
    }

    /** Drops the stream, its events and its subscriptions. Returns false if it did not exist. */
    boolean drop(String stream, Retention retention) {
        StreamTable table = new StreamTable(schema, stream);
        tables.remove(stream);
        return Transactions.run(dataSource, "drop stream \"" + stream + "\"", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table.table() + " CASCADE");
                for (Retention.Partition p : retention.partitions(c, table)) {
                    s.execute("DROP TABLE IF EXISTS " + table.qualified(p.name()));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.quotedSchema() + ".streams WHERE name = ?")) {
                ps.setString(1, stream);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The names of all streams. */
    List<String> list() {
        return Transactions.run(dataSource, "list streams", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM " + Identifiers.quote(schema) + ".streams ORDER BY name")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The stream's stored options. */
    StreamOptions options(String stream) {
        StreamTable table = table(stream);
        return Transactions.run(dataSource, "read options of stream \"" + stream + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT partition_seconds, retention_seconds, max_bytes, drop_unconsumed FROM "
                    + table.quotedSchema() + ".streams WHERE name = ?")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownStreamException(stream);
                    }
                    long retentionSeconds = rs.getLong(2);
                    Duration retentionTime = rs.wasNull() ? null : Duration.ofSeconds(retentionSeconds);
                    long maxBytes = rs.getLong(3);
                    Long max = rs.wasNull() ? null : maxBytes;
                    return new StreamOptions(Duration.ofSeconds(rs.getInt(1)), retentionTime, max,
                            rs.getBoolean(4) ? RetentionMode.DROP_UNCONSUMED : RetentionMode.KEEP_UNCONSUMED);
                }
            }
        });
    }

    /** The table of an existing stream; {@link UnknownStreamException} otherwise. */
    StreamTable table(String stream) {
        StreamTable known = tables.get(stream);
        if (known != null) {
            return known;
        }
        StreamTable table = new StreamTable(schema, stream);
        boolean exists = Transactions.run(dataSource, "look up stream \"" + stream + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table.quotedSchema() + ".streams WHERE name = ?")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!exists) {
            throw new UnknownStreamException(stream);
        }
        tables.put(stream, table);
        return table;
    }

}
