package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.SluiceException;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.schema.CoreMigrations;
import dev.sluice.schema.Migrator;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The connection options every database command shares. */
final class DatabaseOptions {

    @Option(names = "--jdbc-url", defaultValue = "${env:SLUICE_JDBC_URL}",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/app (env SLUICE_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:SLUICE_USER}", description = "Database user (env SLUICE_USER).")
    String user;

    @Option(names = "--password", defaultValue = "${env:SLUICE_PASSWORD}", description = "Database password (env SLUICE_PASSWORD).")
    String password;

    @Option(names = "--schema", defaultValue = "${env:SLUICE_SCHEMA:-sluice}", description = "Sluice's schema (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    /**
     * Fills what neither a flag nor the environment gave from a configuration file's keys
     * {@code jdbc-url}, {@code user}, {@code password} and {@code schema}.
     */
    void applyFileDefaults(Properties file, ParseResult parsed) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            jdbcUrl = file.getProperty("jdbc-url");
        }
        if (user == null || user.isBlank()) {
            user = file.getProperty("user");
        }
        if (password == null || password.isBlank()) {
            password = file.getProperty("password");
        }
        String fileSchema = file.getProperty("schema");
        if (fileSchema != null && !fileSchema.isBlank() && !parsed.hasMatchedOption("--schema") && System.getenv("SLUICE_SCHEMA") == null) {
            schema = fileSchema.trim();
        }
    }

    SluiceConfig.Builder config() {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("--jdbc-url is required (or set SLUICE_JDBC_URL), e.g. --jdbc-url jdbc:postgresql://localhost:5432/app");
        }
        return SluiceConfig.builder().jdbcUrl(jdbcUrl).username(user).password(password).schema(schema).maxPoolSize(4);
    }

    /**
     * Starts Sluice with the given migration behaviour, for a short admin command: it does not tick
     * schedules (the service and applications do). The caller closes it.
     */
    Sluice start(boolean migrate) {
        return Sluice.start(config().migrate(migrate).tickSchedules(false).build());
    }

    /**
     * Starts Sluice on a schema that must already be migrated, creating and changing nothing: what
     * read-only and per-queue commands use, so that a typo in {@code --schema} is an error, not a
     * new empty schema.
     */
    Sluice startExisting() {
        SluiceConfig config = config().migrate(false).build();
        requireMigrated(config);
        return Sluice.start(config);
    }

    /** Whether the schema has the leaderboard's migrations applied (read only). */
    boolean hasLeaderboardTables() {
        return version(config().build(), Leaderboards.migrator()) > 0;
    }

    /** Whether the schema has the streams catalogue (read only). */
    boolean hasStreamTables() {
        return version(config().build(), dev.sluice.streams.StreamMigrations.migrator()) > 0;
    }

    /** Checks the core's schema version with one plain connection (no pool, no maintenance thread yet). */
    private void requireMigrated(SluiceConfig config) {
        Migrator core = CoreMigrations.migrator();
        int version = version(config, core);
        if (version == 0) {
            throw new IllegalArgumentException("Schema \"" + schema + "\" has no Sluice tables in this database (a typo in --schema?). "
                    + "Nothing was created. To set it up, run: sluice migrate --schema " + schema);
        }
        if (version < core.latestVersion()) {
            throw new IllegalArgumentException("Schema \"" + schema + "\" is at version " + version + " of " + core.latestVersion()
                    + "; apply the pending migrations with: sluice migrate --schema " + schema);
        }
    }

    private int version(SluiceConfig config, Migrator migrator) {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(config.jdbcUrl());
        if (user != null && !user.isBlank()) {
            plain.setUser(user);
        }
        if (password != null && !password.isBlank()) {
            plain.setPassword(password);
        }
        plain.setConnectTimeout(10);
        try {
            return migrator.currentVersion(plain, schema);
        } catch (SluiceException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                throw new IllegalStateException("Cannot connect to PostgreSQL: " + sql.getMessage(), sql);
            }
            throw e;
        }
    }
}
