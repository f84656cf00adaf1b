package dev.sluice.streams;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time partitions of streams: created ahead of the append clock, and dropped whole (never a DELETE)
 * when older than the stream's retention or beyond its size limit, subject to its
 * {@link RetentionMode}. Every step is safe to run from several processes at once.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final DataSource dataSource;
    private final Streams streams;
    private final Clock clock;
    private final int partitionsAhead;

    Retention(DataSource dataSource, Streams streams, Clock clock, int partitionsAhead) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.clock = clock;
        this.partitionsAhead = partitionsAhead;
    }

    record Partition(String name, long fromEpoch, boolean attached, boolean detachPending, long bytes) {
    }

    /** Creates the partitions covering now (database time) and the next {@code partitionsAhead} intervals. */
    public List<String> ensurePartitions(String stream) {
        StreamTable table = streams.table(stream);
        StreamOptions options = streams.options(stream);
        long interval = options.partitionInterval().toSeconds();
        List<String> created = new ArrayList<>();
        Transactions.run(dataSource, "create partitions of stream \"" + stream + "\"", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, table.lockKey("/partitions"));
                lock.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '10s'"); // never stall appends for long; the next run retries
            }
            long now;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT floor(extract(epoch FROM clock_timestamp()))::bigint")) {
                rs.next();
                now = Math.max(rs.getLong(1), clock.instant().getEpochSecond());
            }
            List<String> existing = partitions(c, table).stream().map(Partition::name).toList();
            long first = Math.floorDiv(now, interval) * interval;
            for (long from = first; from <= first + interval * partitionsAhead; from += interval) {
                String name = table.partitionName(from);
                if (existing.contains(name)) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute(table.sql("partition_create.sql", Map.of(
                            "partition", table.qualified(name),
                            "check_name", dev.sluice.schema.Identifiers.quote(name + "_b"),
                            "from_literal", "to_timestamp(" + from + ")",
                            "to_literal", "to_timestamp(" + (from + interval) + ")")));
                }
                created.add(name);
            }
            return null;
        });
        return created;
    }

    /** Applies the stream's retention with cutoff {@code now - retention} (and its size limit). */
    public RetentionResult apply(String stream) {
        StreamOptions options = streams.options(stream);
        Instant cutoff = options.retention() == null ? null : clock.instant().minus(options.retention());
        return apply(stream, cutoff);
    }

    /**
     * Drops every partition whose time range ends at or before {@code cutoff} (null: none by time),
     * then the oldest while the stream exceeds its size limit; never the partition being written.
     * One process at a time per stream (the others return at once, with nothing dropped).
     */
    public RetentionResult apply(String stream, Instant cutoff) {
        StreamTable table = streams.table(stream);
        StreamOptions options = streams.options(stream);
        long interval = options.partitionInterval().toSeconds();
        List<String> dropped = new ArrayList<>();
        Map<String, Long> keptFor = new LinkedHashMap<>();
        Map<String, Long> lost = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String lockKey = table.lockKey("/retention");
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, lockKey);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return new RetentionResult(dropped, keptFor, lost);
                    }
                }
            }
            try {
                List<Partition> all = partitions(c, table);
                long nowEpoch = clock.instant().getEpochSecond();
                long total = all.stream().mapToLong(Partition::bytes).sum();
                for (Partition p : all) {
                    long end = p.fromEpoch() + interval;
                    boolean leftover = !p.attached() || p.detachPending();
                    boolean byTime = cutoff != null && end <= cutoff.getEpochSecond();
                    boolean bySize = options.maxBytes() != null && total > options.maxBytes() && end <= nowEpoch;
                    if (!leftover && !byTime && !bySize) {
                        break; // partitions are in time order: the rest are newer
                    }
                    if (!leftover && options.retentionMode() == RetentionMode.KEEP_UNCONSUMED) {
                        Map<String, Long> unconsumed = unconsumed(c, table, table.qualified(p.name()));
                        if (!unconsumed.isEmpty()) {
                            keptFor.putAll(unconsumed);
                            break; // kept, and so is everything newer: a subscription reads in order
                        }
                    }
                    dropPartition(c, table, p, lost);
                    dropped.add(p.name());
                    total -= p.bytes();
                }
            } finally {
                try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                    unlock.setString(1, lockKey);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw new SluiceException("Could not apply retention to stream \"" + stream + "\" (dropped so far: " + dropped + "): "
                    + e.getMessage() + ". The next run retries.", e);
        }
        if (!lost.isEmpty()) {
            log.warn("Retention of stream {} dropped events that subscriptions had not read: {}", stream, lost);
        }
        return new RetentionResult(dropped, keptFor, lost);
    }

    /** Detach (concurrently, autocommit), then count what each subscription misses, record it and drop, in one transaction. */
    private void dropPartition(Connection c, StreamTable table, Partition p, Map<String, Long> lost) throws SQLException {
        Map<String, String> values = Map.of("partition", table.qualified(p.name()));
        if (p.attached() || p.detachPending()) {
            try (Statement s = c.createStatement()) {
                s.execute(table.sql(p.detachPending() ? "partition_finalize.sql" : "partition_detach.sql", values));
            }
        }
        Transactions.run(c, tx -> {
            Map<String, Long> missed = unconsumed(tx, table, table.qualified(p.name()));
            for (Map.Entry<String, Long> e : missed.entrySet()) {
                try (PreparedStatement ps = tx.prepareStatement(table.sql("subscription_record_lost.sql"))) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, table.stream());
                    ps.setString(3, e.getKey());
                    ps.executeUpdate();
                }
                lost.merge(e.getKey(), e.getValue(), Long::sum);
            }
            try (Statement s = tx.createStatement()) {
                s.execute(table.sql("partition_drop.sql", values));
            }
            return null;
        });
    }

    /** Subscriptions with events in the partition after their position, and how many. */
    private Map<String, Long> unconsumed(Connection c, StreamTable table, String partition) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(table.sql("partition_unconsumed.sql", Map.of("partition", partition)))) {
            ps.setString(1, table.stream());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) > 0) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    /** The stream's partitions (attached or left detached by a crashed run), oldest first. */
    List<Partition> partitions(Connection c, StreamTable table) throws SQLException {
        List<Partition> out = new ArrayList<>();
        String prefix = table.tableName() + "_p";
        try (PreparedStatement ps = c.prepareStatement(table.sql("partitions_list.sql"))) {
            ps.setString(1, table.schema());
            ps.setString(2, table.partitionPattern());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String suffix = name.substring(prefix.length());
                    if (!suffix.chars().allMatch(Character::isDigit) || suffix.isEmpty()) {
                        continue; // another stream whose name extends this one's, e.g. "a" and "a_p"
                    }
                    out.add(new Partition(name, Long.parseLong(suffix), rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4)));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Partition::fromEpoch));
        return out;
    }

    /** Partitions and their total size, for stats. */
    long[] sizes(String stream) {
        StreamTable table = streams.table(stream);
        return Transactions.run(dataSource, "list partitions of stream \"" + stream + "\"", c -> {
            List<Partition> ps = partitions(c, table);
            return new long[] {ps.stream().filter(Partition::attached).count(), ps.stream().mapToLong(Partition::bytes).sum()};
        });
    }
}
