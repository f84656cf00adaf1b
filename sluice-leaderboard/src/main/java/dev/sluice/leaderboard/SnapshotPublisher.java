package dev.sluice.leaderboard;

import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Once per interval, one instance (whoever wins a transaction-scoped advisory lock) takes each
 * window's top-N from its memory and, if it changed, stores it and sends a NOTIFY of a few dozen bytes. Servers then
 * read the stored snapshot once per announcement, instead of every client querying the database.
 */
final class SnapshotPublisher {

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final BiFunction<Window, Instant, List<Standing>> top;
    private final Clock clock;
    private final Function<Window, Instant> currentStart;

    SnapshotPublisher(DataSource dataSource, LeaderboardConfig config, Sql sql, BiFunction<Window, Instant, List<Standing>> top, Clock clock,
                      Function<Window, Instant> currentStart) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.top = top;
        this.clock = clock;
        this.currentStart = currentStart;
    }

    /** Publishes changed snapshots; returns how many windows changed (0 if another instance holds the turn). */
    int publish() {
        return Transactions.run(dataSource, "publish leaderboard snapshots", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, config.schema() + ".leaderboard snapshots");
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            int changed = 0;
            for (Window w : config.windows()) {
                Instant start = currentStart.apply(w);
                String json = PayloadCodec.toJson(top.apply(w, start));
                try (PreparedStatement ps = c.prepareStatement(sql.snapshotUpsert)) {
                    ps.setString(1, w.name());
                    ps.setTimestamp(2, Timestamp.from(start));
                    ps.setString(3, digest(start + json));
                    ps.setString(4, json);
                    ps.setString(5, sql.channel);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            changed++;
                        }
                    }
                }
            }
            return changed;
        });
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
