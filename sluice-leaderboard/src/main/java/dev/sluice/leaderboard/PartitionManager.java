package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import dev.sluice.schema.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Daily partitions of the events table: created ahead of time (and back over the allowed lateness),
 * and dropped whole once older than the retention. Also trims the event-id (inbox) and aggregate tables in
 * bounded slices. Every step is safe to run from several processes at once.
 */
public final class PartitionManager {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final int TRIM_SLICE = 10_000;
    /** Longest one {@link #trim()} call keeps deleting before leaving the rest to the next run. */
    static final java.time.Duration TRIM_BUDGET = java.time.Duration.ofSeconds(20);

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final Clock clock;
    /** Trimming keeps an event until the checkpoint horizon is this far past its time (expire_ids.sql). */
    private final java.time.Duration settleSpan;

    PartitionManager(DataSource dataSource, LeaderboardConfig config, Sql sql, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.clock = clock;
        this.settleSpan = dev.sluice.leaderboard.memory.Board.settleSpan(config);
    }

    private String partitionName(LocalDate day) {
        return "score_events_p" + DAY.format(day);
    }

    /** Creates every missing daily partition from the allowed lateness back to {@code partitionsAhead} days ahead. */
    public List<String> ensureAhead() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = LocalDate.ofInstant(clock.instant().minus(config.allowedLateness()), ZoneOffset.UTC);
        List<String> created = new ArrayList<>();
        Transactions.run(dataSource, "create event partitions", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, config.schema() + ".score_events partitions");
                lock.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '10s'"); // never wait forever; the next run retries
            }
            List<String> existing = partitionNames(c);
            for (LocalDate day = first; !day.isAfter(today.plusDays(config.partitionsAhead())); day = day.plusDays(1)) {
                String name = partitionName(day);
                if (existing.contains(name)) {
                    continue;
                }
                String ddl = Sql.render("partition_create.sql", Map.of(
                        "schema", Identifiers.quote(config.schema()),
                        "partition", qualified(name),
                        "check_name", Identifiers.quote(name + "_bounds"),
                        "from_literal", "'" + day + " 00:00:00+00'",
                        "to_literal", "'" + day.plusDays(1) + " 00:00:00+00'"));
                try (Statement s = c.createStatement()) {
                    s.execute(ddl);
                }
                created.add(name);
            }
            return null;
        });
        return created;
    }

    /** The names of the events table's partitions, oldest first. */
    public List<String> partitions() {
        return Transactions.run(dataSource, "list event partitions", this::partitionNames);
    }

    private List<String> partitionNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.partitionsList)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /**
     * Drops every daily partition that ends before {@code now - retention}: detached concurrently, then
     * dropped whole, never a DELETE of its rows, and without blocking ingest (see
     * {@code partition_detach.sql}). Waits for transactions still reading an expired partition. One
     * process at a time (a session advisory lock; the others return at once). Returns the names dropped.
     */
    public List<String> dropExpired() {
        return dropEndingBy(clock.instant().minus(config.retention()));
    }

    /** Like {@link #dropExpired()} for every daily partition that ends at or before {@code cutoff}. */
    public List<String> dropEndingBy(Instant cutoff) {
        List<String> dropped = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String lockKey = config.schema() + ".score_events retention";
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                lock.setString(1, lockKey);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return dropped; // another process is applying retention right now
                    }
                }
            }
            try {
                for (String name : partitionNames(c)) {
                    if (!name.startsWith("score_events_p")) {
                        continue;
                    }
                    LocalDate day = LocalDate.parse(name.substring("score_events_p".length()), DAY);
                    Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                    if (!end.isAfter(cutoff)) {
                        detachAndDrop(c, name);
                        dropped.add(name);
                    }
                }
            } finally {
                try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
                    unlock.setString(1, lockKey);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw wrap("drop expired event partitions (dropped so far: " + dropped + ")", e);
        }
        return dropped;
    }

    private void detachAndDrop(Connection c, String name) throws SQLException {
        Map<String, String> values = Map.of("schema", Identifiers.quote(config.schema()), "partition", qualified(name));
        boolean pending;
        try (PreparedStatement ps = c.prepareStatement(sql.partitionsPending)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                pending = rs.next() && rs.getBoolean(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(Sql.render(pending ? "partition_finalize.sql" : "partition_detach.sql", values));
            s.execute(Sql.render("partition_drop.sql", values));
        }
    }

    private String qualified(String partition) {
        return Identifiers.quote(config.schema()) + "." + Identifiers.quote(partition);
    }

    /**
     * Forgets old event ids (only checkpointed ones) and expired checkpoint rows, in slices of {@value #TRIM_SLICE} rows, each
     * its own short transaction, until caught up or {@link #TRIM_BUDGET} has passed (the rest waits for
     * the next run). Caught-up matters: the 1-second window alone adds a row per player per second, and
     * ids arrive at the ingest rate, so a fixed slice per run would fall behind and grow without bound.
     * Returns rows removed.
     */
    public int trim() {
        long deadline = System.nanoTime() + TRIM_BUDGET.toNanos();
        Instant idCutoff = clock.instant().minus(config.allowedLateness()).minus(config.maxFutureSkew()).minusSeconds(3600);
        int removed = slices("trim event ids", deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.expireIds)) {
                ps.setTimestamp(1, Timestamp.from(idCutoff));
                ps.setDouble(2, settleSpan.toMillis() / 1000.0);
                ps.setInt(3, TRIM_SLICE);
                return ps.executeUpdate();
            }
        });
        Transactions.run(dataSource, "trim fold marks", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.expireFoldMarks)) {
                ps.setTimestamp(1, Timestamp.from(idCutoff));
                return ps.executeUpdate();
            }
        });
        for (Window w : config.windows()) {
            if (w.allTime() || w.retention().isZero()) {
                continue;
            }
            Instant cutoff = clock.instant().minus(w.retention());
            removed += slices("trim window " + w.name(), deadline, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.expireWindows)) {
                    ps.setString(1, w.name());
                    ps.setTimestamp(2, Timestamp.from(cutoff));
                    ps.setInt(3, TRIM_SLICE);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
        return removed;
    }

    private int slices(String what, long deadline, Transactions.Work<Integer> slice) {
        int removed = 0;
        int last;
        do {
            last = Transactions.run(dataSource, what, slice);
            removed += last;
        } while (last == TRIM_SLICE && System.nanoTime() < deadline);
        return removed;
    }

    static SluiceException wrap(String what, SQLException e) {
        return new SluiceException("Could not " + what + ": " + e.getMessage(), e);
    }
}
