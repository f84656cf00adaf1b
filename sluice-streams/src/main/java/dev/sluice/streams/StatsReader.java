package dev.sluice.streams;

import dev.sluice.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads a stream's stats and its subscriptions' lag (stream_stats.sql, subscription_lag.sql). */
final class StatsReader {

    private final DataSource dataSource;
    private final Streams streams;
    private final Clock clock;

    StatsReader(DataSource dataSource, Streams streams, Clock clock) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.clock = clock;
    }

    StreamStats read(String stream) {
        StreamTable table = streams.table(stream);
        StreamOptions options = streams.options(stream);
        long[] sizes = streams.retention().sizes(stream);
        Instant now = clock.instant();
        return Transactions.run(dataSource, "read stats of stream \"" + stream + "\"", c -> {
            long events;
            long firstId;
            long lastId;
            Instant oldest;
            Instant newest;
            long lastMinute;
            try (PreparedStatement ps = c.prepareStatement(table.sql("stream_stats.sql")); ResultSet rs = ps.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
                firstId = rs.getLong(2);
                lastId = rs.getLong(3);
                oldest = instant(rs.getTimestamp(4));
                newest = instant(rs.getTimestamp(5));
                lastMinute = rs.getLong(6);
            }
            List<SubscriptionStats> subs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_lag.sql"))) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant oldestUnconsumed = instant(rs.getTimestamp(9));
                        Duration lag = oldestUnconsumed == null ? Duration.ZERO : Duration.between(oldestUnconsumed, now);
                        subs.add(new SubscriptionStats(rs.getString(1), new StreamPosition(rs.getString(2), rs.getLong(3)),
                                rs.getLong(4), rs.getLong(8), lag.isNegative() ? Duration.ZERO : lag, rs.getLong(5),
                                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                                holdsRetention(options, oldestUnconsumed, now)));
                    }
                }
            }
            return new StreamStats(stream, events, firstId, lastId, oldest, newest, lastMinute, (int) sizes[0], sizes[1], subs);
        });
    }

    /** Whether the partition of the oldest unconsumed event has passed retention (and so is kept only for this subscription). */
    private static boolean holdsRetention(StreamOptions options, Instant oldestUnconsumed, Instant now) {
        if (oldestUnconsumed == null || options.retention() == null || options.retentionMode() != RetentionMode.KEEP_UNCONSUMED) {
            return false;
        }
        long interval = options.partitionInterval().toSeconds();
        long end = Math.floorDiv(oldestUnconsumed.getEpochSecond(), interval) * interval + interval;
        return end <= now.minus(options.retention()).getEpochSecond();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
