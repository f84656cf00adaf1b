package dev.sluice.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A real PostgreSQL 17 server started from Maven Central jars, for the demo, benchmarks and tests.
 *
 * <p>zonky starts PostgreSQL with {@code fsync=off} and {@code synchronous_commit=off}. That is
 * right for tests, wrong for throughput figures: pass {@link Durability#DURABLE} for benchmarks.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.start(Durability.DURABLE)) {
 *     DataSource ds = db.dataSource(8);
 * }
 * }</pre>
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Whether commits reach disk before they are acknowledged. */
    public enum Durability {
        /** {@code fsync=off}, {@code synchronous_commit=off}: fast, for tests. */
        FAST,
        /** {@code fsync=on}, {@code synchronous_commit=on}: what production runs, for benchmarks. */
        DURABLE
    }

    private final EmbeddedPostgres postgres;
    private final Durability durability;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Durability durability, Path dataDirectory) {
        this.postgres = postgres;
        this.durability = durability;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a fresh server on a free port with a temporary data directory. */
    public static EmbeddedDatabase start(Durability durability) {
        return start(durability, null, 0);
    }

    /**
     * Starts a server on the given data directory and port. Used to restart a server in place
     * (same data, same port), e.g. to prove that workers survive a database restart.
     *
     * @param dataDirectory existing or new data directory; {@code null} for a temporary one
     * @param port TCP port, or 0 for a free one
     */
    public static EmbeddedDatabase start(Durability durability, Path dataDirectory, int port) {
        Objects.requireNonNull(durability, "durability");
        String onOff = durability == Durability.DURABLE ? "on" : "off";
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", onOff)
                    .setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("max_locks_per_transaction", "256")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (dataDirectory != null) {
                java.nio.file.Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedDatabase(builder.start(), durability, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL: " + e.getMessage()
                    + ". Check that /tmp is writable and has a few hundred MB free.", e);
        }
    }

    /**
     * After {@link #close()}: starts the server again on the same data directory and port, as a
     * restart of the database would (clients reconnect to the same URL and find their data).
     */
    public EmbeddedDatabase startAgain() {
        if (dataDirectory == null) {
            throw new IllegalStateException("This server ran on a temporary data directory, removed on close; "
                    + "start it with start(durability, dataDirectory, 0) to restart it.");
        }
        return start(durability, dataDirectory, port());
    }

    /** The JDBC URL of the {@code postgres} database, user {@code postgres}, no password. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The TCP port the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    public Durability durability() {
        return durability;
    }

    /** The data directory, when one was given at start. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A new HikariCP pool on this server; the caller closes it. */
    public HikariDataSource dataSource(int maxPoolSize) {
        return pooledDataSource(jdbcUrl(), maxPoolSize, Map.of());
    }

    /** An unpooled data source on this server (one new connection per call). */
    public DataSource unpooledDataSource() {
        return postgres.getPostgresDatabase();
    }

    /**
     * A HikariCP pool for any PostgreSQL JDBC URL, with the driver settings Sluice relies on
     * ({@code reWriteBatchedInserts}).
     */
    public static HikariDataSource pooledDataSource(String jdbcUrl, int maxPoolSize, Map<String, String> properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (!jdbcUrl.contains("user=")) {
            config.setUsername("postgres");
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setPoolName("sluice");
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        properties.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    /** Stops the server. A temporary data directory is removed; a given one is kept. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
        }
    }
}
