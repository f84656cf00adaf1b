package dev.sluice.examples.leaderboard;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The write-up's design taken literally: insert the event, then REFRESH MATERIALIZED VIEW
 * CONCURRENTLY of a max-per-player-per-second view, one event at a time, as fast as it goes; and the
 * top-100 read over that view, measured while it runs.
 */
final class LiteralDesign {

    private final DataSource dataSource;
    private final LeaderboardDemo.Options options;

    LiteralDesign(DataSource dataSource, LeaderboardDemo.Options options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    private static String sql(String name) {
        return SqlTemplate.load(LiteralDesign.class, name).render(Map.of());
    }

    Map<String, Object> run() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql("literal_create.sql"));
            try (PreparedStatement seed = c.prepareStatement(sql("literal_seed.sql"))) {
                seed.setInt(1, options.players());
                seed.executeUpdate();
            }
            s.execute(sql("literal_refresh.sql").replace(" CONCURRENTLY", ""));
            s.execute("ANALYZE literal.events");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Recorder reads = new Recorder(3);
        Thread reader = LeaderboardDemo.thread("literal-reader", () -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql("literal_top.sql"))) {
                while (running.get()) {
                    long start = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                    reads.recordValue((System.nanoTime() - start) / 1000);
                    LockSupport.parkNanos(10_000_000L);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        Histogram inserts = new Histogram(3);
        long events = 0;
        long start = System.nanoTime();
        long end = start + options.literalDuration().toNanos();
        long lastReport = start;
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(sql("literal_insert.sql"));
             PreparedStatement refresh = c.prepareStatement(sql("literal_refresh.sql"))) {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                insert.setString(1, "p" + ThreadLocalRandom.current().nextInt(options.players()));
                insert.setLong(2, ThreadLocalRandom.current().nextLong(1_000_000));
                insert.executeUpdate();
                inserts.recordValue((System.nanoTime() - t0) / 1000);
                refresh.execute();
                events++;
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.err.printf("literal design (insert + REFRESH CONCURRENTLY): %d events, %.1f events/s%n",
                            events, events / ((lastReport - start) / 1e9));
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        reader.join();
        Histogram r = reads.getIntervalHistogram();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("literal_design_per_s", LeaderboardDemo.round(events / elapsed));
        out.put("literal_design_insert_p99_ms", LeaderboardDemo.ms(inserts, 99));
        out.put("literal_design_read_p50_ms", LeaderboardDemo.ms(r, 50));
        out.put("literal_design_read_p99_ms", LeaderboardDemo.ms(r, 99));
        out.put("literal_design_seed_events", options.players());
        return out;
    }
}
