package dev.sluice.bench;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The hand-written baseline Sluice is compared with: the textbook head-of-index claim, a plain table
 * and one {@code DELETE ... WHERE id IN (SELECT ... ORDER BY id FOR UPDATE SKIP LOCKED LIMIT n) RETURNING}
 * per batch, in autocommit, on the same number of threads and batch size, after the same
 * {@link Preparation}. A batch counts when its DELETE returned, that is after its commit; afterwards
 * the table must be empty and every row must have been returned exactly once, as for Sluice.
 */
final class SqlBaseline {

    private final DataSource dataSource;
    private final String url;
    private final QueueBenchOptions options;

    SqlBaseline(DataSource dataSource, String url, QueueBenchOptions options) {
        this.dataSource = dataSource;
        this.url = url;
        this.options = options;
    }

    BurnDown.Outcome run() throws Exception {
        int jobs = options.jobs();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql("baseline_create.sql"));
            try (PreparedStatement fill = c.prepareStatement(sql("baseline_fill.sql"))) {
                fill.setInt(1, jobs);
                fill.executeUpdate();
            }
        }
        String preparation = Preparation.run(url);
        String claim = sql("baseline_claim.sql");
        AtomicIntegerArray deliveries = new AtomicIntegerArray(jobs);
        AtomicLong done = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < options.workers(); w++) {
            Thread t = new Thread(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(claim)) {
                    while (true) {
                        ps.setInt(1, options.batch());
                        int n = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                if (deliveries.incrementAndGet((int) (rs.getLong(1) - 1)) > 1) {
                                    duplicates.incrementAndGet();
                                }
                                n++;
                            }
                        }
                        if (n == 0) {
                            return;
                        }
                        done.addAndGet(n);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "baseline-" + w);
            t.start();
            threads.add(t);
        }
        Progress.follow("sql baseline", jobs, done::get, Progress.STALL);
        for (Thread t : threads) {
            t.join();
        }
        double seconds = ThroughputPhases.seconds(start);
        long left;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_baseline")) {
                rs.next();
                left = rs.getLong(1);
            }
            s.execute("DROP TABLE bench_baseline");
        }
        long missing = 0;
        for (int i = 0; i < jobs; i++) {
            missing += deliveries.get(i) == 0 ? 1 : 0;
        }
        return new BurnDown.Outcome(jobs, Double.NaN, (jobs - left) / seconds, missing, duplicates.get(), left, preparation);
    }

    private static String sql(String name) {
        return SqlTemplate.load(SqlBaseline.class, name).render(Map.of());
    }
}
