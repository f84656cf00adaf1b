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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Once per interval, one instance (whoever wins a transaction-scoped advisory lock,
 * {@code snapshot_turn.sql}) stores each window's top-N if it changed and sends a NOTIFY of a few
 * dozen bytes. The top is exact at the publish with max alone, else the tail's standings (see
 * Leaderboards#publishedTop); every instance takes it before asking for the turn. Servers then read the
 * stored snapshot once per announcement, instead of every client querying the database.
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
        // Before the transaction: an exact top takes a connection of its own, and the publisher must not
        // hold one while it waits for another from the same pool.
        List<Page> pages = new ArrayList<>();
        for (Window w : config.windows()) {
            Instant start = currentStart.apply(w);
            pages.add(new Page(w, start, top.apply(w, start)));
        }
        return Transactions.run(dataSource, "publish leaderboard snapshots", c -> {
            try (PreparedStatement turn = c.prepareStatement(sql.snapshotTurn)) {
                turn.setString(1, config.schema() + ".leaderboard snapshots");
                try (ResultSet rs = turn.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(2)) {
                        return 0;
                    }
                }
            }
            int changed = 0;
            for (Page page : pages) {
                String json = PayloadCodec.toJson(page.top());
                try (PreparedStatement ps = c.prepareStatement(sql.snapshotUpsert)) {
                    ps.setString(1, page.window().name());
                    ps.setTimestamp(2, Timestamp.from(page.start()));
                    ps.setString(3, digest(page.start() + json));
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

    /** One window instance's top, taken before the publishing transaction. */
    private record Page(Window window, Instant start, List<Standing> top) {
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
