package dev.sluice.schema;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a component's numbered migrations to a schema, once each.
 *
 * <p>Every component (core queues, leaderboards, ...) has its own migration list and its own rows in
 * {@code <schema>.schema_migrations}. All pending migrations run in one transaction that first takes
 * a transaction-scoped advisory lock on the schema, so several processes starting together apply
 * each migration exactly once: the others wait, then find nothing to do.
 *
 * <p>Teams with their own migration tool can print the SQL with {@link #script(String)} and set
 * {@code migrate(false)} in the configuration.
 */
public final class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    /** First key of the two-key advisory lock, "SLUI" in ASCII; the second is the schema's hash. */
    private static final int LOCK_NAMESPACE = 0x534c5549;

    private final String component;
    private final List<Migration> migrations;

    /**
     * @param component name recorded with each version, e.g. {@code "core"}
     * @param migrations in version order, 1, 2, 3, ...
     */
    public Migrator(String component, List<Migration> migrations) {
        this.component = Objects.requireNonNull(component, "component");
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("Migrations of " + component + " must be numbered 1, 2, 3, ...; found "
                        + this.migrations.get(i).version() + " at position " + (i + 1));
            }
        }
    }

    /** The newest version this code knows. */
    public int latestVersion() {
        return migrations.size();
    }

    /**
     * Brings the schema up to date and returns how many migrations this call applied (0 when
     * another process did it or nothing was pending).
     */
    public int migrate(DataSource dataSource, String schema) {
        Identifiers.schemaName(schema);
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> migrateInTransaction(tx, schema));
        } catch (SQLException e) {
            throw new SluiceException("Migrating schema \"" + schema + "\" (" + component + ") failed: " + e.getMessage()
                    + ". Nothing was changed. Check that the user may CREATE in the database.", e);
        }
    }

    private int migrateInTransaction(Connection c, String schema) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_NAMESPACE);
            lock.setString(2, schema);
            lock.execute();
        }
        String quotedSchema = Identifiers.quote(schema);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quotedSchema);
            s.execute("CREATE TABLE IF NOT EXISTS " + quotedSchema + ".schema_migrations ("
                    + "component text NOT NULL, version int NOT NULL, description text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))");
        }
        int current = currentVersion(c, quotedSchema);
        if (current > latestVersion()) {
            throw new SluiceException("Schema \"" + schema + "\" is at " + component + " version " + current
                    + " but this Sluice knows only up to " + latestVersion() + ". Upgrade Sluice; do not run an older one against a newer schema.");
        }
        int applied = 0;
        for (Migration m : migrations.subList(current, migrations.size())) {
            try (Statement s = c.createStatement()) {
                s.execute(m.sql().render(Map.of("schema", quotedSchema)));
            }
            try (PreparedStatement record = c.prepareStatement(
                    "INSERT INTO " + quotedSchema + ".schema_migrations (component, version, description) VALUES (?, ?, ?)")) {
                record.setString(1, component);
                record.setInt(2, m.version());
                record.setString(3, m.description());
                record.executeUpdate();
            }
            log.info("Applied {} migration {} ({}) to schema {}", component, m.version(), m.description(), schema);
            applied++;
        }
        return applied;
    }

    /** The version recorded in the schema, 0 when none. */
    public int currentVersion(DataSource dataSource, String schema) {
        Identifiers.schemaName(schema);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, Identifiers.quote(schema) + ".schema_migrations");
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            return currentVersion(c, Identifiers.quote(schema));
        } catch (SQLException e) {
            throw new SluiceException("Could not read the schema version of \"" + schema + "\": " + e.getMessage(), e);
        }
    }

    private int currentVersion(Connection c, String quotedSchema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(version), 0) FROM " + quotedSchema + ".schema_migrations WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** All migrations as one SQL script for the given schema, for teams that run their own migration tool. */
    public String script(String schema) {
        String quotedSchema = Identifiers.quote(Identifiers.schemaName(schema));
        StringBuilder out = new StringBuilder();
        out.append("-- Sluice ").append(component).append(" migrations for schema ").append(schema).append('\n');
        out.append("CREATE SCHEMA IF NOT EXISTS ").append(quotedSchema).append(";\n");
        out.append("CREATE TABLE IF NOT EXISTS ").append(quotedSchema).append(".schema_migrations (component text NOT NULL, "
                + "version int NOT NULL, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version));\n");
        for (Migration m : migrations) {
            out.append("\n-- ").append(component).append(" version ").append(m.version()).append(": ").append(m.description()).append('\n');
            out.append(m.sql().render(Map.of("schema", quotedSchema))).append('\n');
            out.append("INSERT INTO ").append(quotedSchema).append(".schema_migrations (component, version, description) VALUES ('")
                    .append(component).append("', ").append(m.version()).append(", '").append(m.description().replace("'", "''")).append("');\n");
        }
        return out.toString();
    }

    public String component() {
        return component;
    }

    public List<Migration> migrations() {
        return new ArrayList<>(migrations);
    }
}
