package dev.sluice.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-subscription lag gauges, {@code sluice.stream.lag.events} and {@code sluice.stream.lag.seconds}
 * (tags {@code stream}, {@code subscription}), plus {@code sluice.stream.subscriptions}.
 *
 * <p>Cheap to scrape: every gauge reads one cached snapshot, refreshed at most once per
 * {@link StreamsConfig#lagGaugeRefresh()} by one statement per stream (subscription_lag_gauge.sql),
 * whose event count stops at {@link #COUNT_CAP}. Reading {@code sluice.stream.subscriptions} refreshes
 * too, which is how subscriptions created by other processes get their gauges (on the following
 * scrape); gauges of deleted subscriptions are removed. If the database cannot be read, the last
 * values stay and the failure is logged once per refresh.
 */
final class LagGauges {

    private static final Logger log = LoggerFactory.getLogger(LagGauges.class);
    /** Lag counts stop here: a gauge at this value means at least this many events behind. */
    static final int COUNT_CAP = 100_000;

    private record Key(String stream, String subscription) { }

    private record Lag(double events, double seconds) { }

    private final DataSource dataSource;
    private final Streams streams;
    private final MeterRegistry registry;
    private final Clock clock;
    private final long refreshNanos;
    private final Map<Key, List<Meter>> meters = new HashMap<>();
    private volatile Map<Key, Lag> snapshot = Map.of();
    private long refreshedAt;
    private boolean refreshedOnce;

    LagGauges(DataSource dataSource, Streams streams, MeterRegistry registry, Clock clock, Duration refresh) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.registry = registry;
        this.clock = clock;
        this.refreshNanos = refresh.toNanos();
        Gauge.builder("sluice.stream.subscriptions", this, g -> g.refreshIfStale().size())
                .description("Subscriptions of all streams (reading it refreshes the lag gauges)").strongReference(true).register(registry);
    }

    /** The snapshot, read again from the database when older than the refresh interval. */
    synchronized Map<Key, Lag> refreshIfStale() {
        long now = System.nanoTime();
        if (refreshedOnce && now - refreshedAt < refreshNanos) {
            return snapshot;
        }
        refreshedOnce = true;
        refreshedAt = now;
        try {
            Map<Key, Lag> next = read();
            snapshot = next;
            register(next);
        } catch (RuntimeException | SQLException e) {
            log.warn("Could not read stream lag for metrics; the gauges keep their last values: {}", e.toString());
        }
        return snapshot;
    }

    private Map<Key, Lag> read() throws SQLException {
        Map<Key, Lag> out = new HashMap<>();
        Instant now = clock.instant();
        List<String> names = streams.list();
        try (Connection c = dataSource.getConnection()) {
            for (String stream : names) {
                StreamTable table;
                try {
                    table = streams.table(stream);
                } catch (UnknownStreamException dropped) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(table.sql("subscription_lag_gauge.sql"))) {
                    ps.setInt(1, COUNT_CAP);
                    ps.setString(2, stream);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Timestamp oldest = rs.getTimestamp(3);
                            double seconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                            out.put(new Key(stream, rs.getString(1)), new Lag(rs.getLong(2), seconds));
                        }
                    }
                }
            }
        }
        return out;
    }

    private void register(Map<Key, Lag> next) {
        for (Key key : next.keySet()) {
            meters.computeIfAbsent(key, k -> List.of(
                    Gauge.builder("sluice.stream.lag.events", this, g -> g.current(k).events())
                            .description("Retained events after the subscription's position (counted up to " + COUNT_CAP + ")")
                            .tags("stream", k.stream(), "subscription", k.subscription()).strongReference(true).register(registry),
                    Gauge.builder("sluice.stream.lag.seconds", this, g -> g.current(k).seconds())
                            .description("Age of the subscription's oldest unconsumed event; 0 when caught up")
                            .tags("stream", k.stream(), "subscription", k.subscription()).strongReference(true).register(registry)));
        }
        for (Key gone : new ArrayList<>(meters.keySet())) {
            if (!next.containsKey(gone)) {
                meters.remove(gone).forEach(registry::remove);
            }
        }
    }

    private Lag current(Key key) {
        Lag lag = refreshIfStale().get(key);
        return lag == null ? new Lag(Double.NaN, Double.NaN) : lag;
    }

    /** Removes every gauge of this instance. */
    synchronized void close() {
        meters.values().forEach(list -> list.forEach(registry::remove));
        meters.clear();
        registry.find("sluice.stream.subscriptions").meters().forEach(registry::remove);
    }
}
