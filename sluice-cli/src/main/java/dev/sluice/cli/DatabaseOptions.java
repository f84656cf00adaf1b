package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import java.util.Properties;
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
}
