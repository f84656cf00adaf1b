package dev.sluice.examples.versioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates the domain schema (users, products, product_versions, published_products) and seeds it
 * with set-based statements, so that millions of products load in well under a minute.
 */
public final class VersioningSchema {

    /** Products are seeded in chunks of this many rows, each its own statement, to show progress. */
    static final int SEED_CHUNK = 500_000;

    private VersioningSchema() {
    }

    /** Progress of a seed: rows written so far of the total. */
    @FunctionalInterface
    public interface SeedProgress {
        void seeded(long done, long total);
    }

    /**
     * Drops and recreates {@code schema} with {@code products} products owned by {@code products / 10}
     * users (at least one), none of them pending.
     */
    public static void createAndSeed(DataSource dataSource, String schema, long products, SeedProgress progress) throws SQLException {
        if (products < 1) {
            throw new IllegalArgumentException("products must be at least 1; got " + products);
        }
        VersioningSql sql = new VersioningSql(schema);
        long users = Math.max(1, products / 10);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + sql.schema() + " CASCADE");
            s.execute(sql.get("schema_tables"));
            try (PreparedStatement ps = c.prepareStatement(sql.get("seed_users"))) {
                ps.setLong(1, users);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(sql.get("seed_products"))) {
                for (long first = 1; first <= products; first += SEED_CHUNK) {
                    long last = Math.min(products, first + SEED_CHUNK - 1);
                    ps.setLong(1, users);
                    ps.setLong(2, first);
                    ps.setLong(3, last);
                    ps.executeUpdate();
                    progress.seeded(last, products);
                }
            }
            s.execute(sql.get("schema_constraints"));
            if (!c.getAutoCommit()) {
                c.commit();
                c.setAutoCommit(true);
            }
            s.execute(sql.get("schema_vacuum"));
        }
    }
}
