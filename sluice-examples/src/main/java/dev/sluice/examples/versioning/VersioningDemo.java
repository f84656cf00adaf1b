package dev.sluice.examples.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.examples.versioning.DemoFigures.Measurement;
import dev.sluice.examples.versioning.DemoFigures.Result;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice demo versioning}: seeds products, deploys the application as the write-up did
 * (Product, User and Versioning services, the new pipeline's workers and the old pipeline's cron,
 * one JVM each, a modelled network between them: {@link VersioningDeployment}), measures every
 * pipeline at each network RTT ({@link DemoRun}) and prints the write-up's table, the RTT sweep and
 * one JSON line ({@link DemoReport}).
 */
public final class VersioningDemo {

    private VersioningDemo() {
    }

    public static void main(String[] args) throws Exception {
        run(DemoOptions.parse(args), System.out);
    }

    /** Runs the demo, printing progress, the tables and the JSON line to {@code out}. */
    public static Result run(DemoOptions options, PrintStream out) throws Exception {
        try (DurableTarget target = DurableTarget.of(options.jdbcUrl(), out::println);
             HikariDataSource pool = EmbeddedDatabase.pooledDataSource(target.jdbcUrl(), 6, Map.of())) {
            printServer(pool, out);
            Measurement main = DemoRun.measure(pool, target.jdbcUrl(), options, options.products(), options.networkRtts(), out);
            DemoReport.printTable(main, out);
            Measurement small = null;
            Measurement large = null;
            if (options.scaling()) {
                List<java.time.Duration> first = List.of(options.headlineRtt());
                small = options.products() == 100_000 ? main : DemoRun.measure(pool, target.jdbcUrl(), options, 100_000, first, out);
                large = options.products() == 5_000_000 ? main : DemoRun.measure(pool, target.jdbcUrl(), options, 5_000_000, first, out);
                DemoReport.printScaling(small, large, out);
            }
            String json = DemoReport.json(main, small, large, options.mode());
            out.println(json);
            return new Result(main, small, large, json);
        }
    }

    private static void printServer(HikariDataSource pool, PrintStream out) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(new VersioningSql("public").get("server_settings"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            out.printf(Locale.ROOT, "Server: %s; fsync=%s, synchronous_commit=%s, full_page_writes=%s, max_connections=%s%n", rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        }
    }
}
