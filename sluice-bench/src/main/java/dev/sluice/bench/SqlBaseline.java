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
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The hand-written baseline Sluice is compared with: a plain table and one
 * {@code DELETE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING} per batch,
 * in autocommit, on the same number of threads.
 */
final class SqlBaseline {

    private final DataSource dataSource;
    private final QueueBenchOptions options;

    SqlBaseline(DataSource dataSource, QueueBenchOptions options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    double run() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql("baseline_create.sql"));
            try (PreparedStatement fill = c.prepareStatement(sql("baseline_fill.sql"))) {
                fill.setInt(1, options.jobs());
                fill.executeUpdate();
            }
            s.execute("VACUUM ANALYZE bench_baseline");
        }
        String claim = sql("baseline_claim.sql");
        AtomicLong done = new AtomicLong();
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
        Progress.follow("sql baseline", options.jobs(), done::get);
        for (Thread t : threads) {
            t.join();
        }
        double perSecond = options.jobs() / ThroughputPhases.seconds(start);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_baseline");
        }
        return perSecond;
    }

    private static String sql(String name) {
        return SqlTemplate.load(SqlBaseline.class, name).render(Map.of());
    }
}
