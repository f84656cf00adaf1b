package dev.sluice.embedded;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database a test suite runs against: the PostgreSQL named by the environment variable
 * {@value #URL_VARIABLE} when it is set, otherwise one embedded server shared by the JVM.
 *
 * <p>Each call to {@link #freshSchemaName(String)} gives a schema name no other test uses, so tests
 * can run against one server without seeing each other's queues.
 */
public final class TestDatabase {

    /** Environment variable naming a JDBC URL of a user's PostgreSQL (14 or newer) for tests. */
    public static final String URL_VARIABLE = "SLUICE_TEST_JDBC_URL";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static volatile String jdbcUrl;
    private static EmbeddedDatabase embedded;

    private TestDatabase() {
    }

    /** The JDBC URL tests connect to, starting the embedded server on first use. */
    public static synchronized String jdbcUrl() {
        if (jdbcUrl == null) {
            String fromEnvironment = System.getenv(URL_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                jdbcUrl = fromEnvironment;
            } else {
                embedded = EmbeddedDatabase.start(EmbeddedDatabase.Durability.FAST);
                jdbcUrl = embedded.jdbcUrl();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
            }
        }
        return jdbcUrl;
    }

    /** Whether tests run on the embedded server (and so may stop or restart it). */
    public static boolean isEmbedded() {
        jdbcUrl();
        return embedded != null;
    }

    /** A new pool on the test database; the caller closes it. */
    public static HikariDataSource dataSource(int maxPoolSize) {
        return EmbeddedDatabase.pooledDataSource(jdbcUrl(), maxPoolSize, Map.of());
    }

    /** A schema name unique to this JVM run, e.g. {@code t_queue_3_1732...}. The schema is dropped first if present. */
    public static String freshSchemaName(String prefix) {
        String name = (prefix + "_" + SCHEMAS.incrementAndGet() + "_" + ProcessHandle.current().pid()).toLowerCase();
        try (HikariDataSource ds = dataSource(1); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare schema " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Runs one statement on a connection of {@code dataSource}: for a test's setup and faults. */
    public static void execute(javax.sql.DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row of a query, as a long: for a test's checks of the end state. */
    public static long queryLong(javax.sql.DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("No row from: " + sql);
            }
            return rs.getLong(1);
        }
    }
}
