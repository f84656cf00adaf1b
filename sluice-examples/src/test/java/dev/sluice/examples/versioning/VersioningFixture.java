package dev.sluice.examples.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** A seeded domain schema, its three services and a Sluice instance, all in fresh schemas. */
final class VersioningFixture implements AutoCloseable {

    final String schema;
    final String sluiceSchema;
    final HikariDataSource pool;
    final VersioningServices services;
    final Sluice sluice;
    final NewPipeline newPipeline;
    final ChangeWorkload workload;

    VersioningFixture(String prefix, long products) throws Exception {
        schema = TestDatabase.freshSchemaName(prefix);
        sluiceSchema = TestDatabase.freshSchemaName(prefix + "_sluice");
        pool = TestDatabase.dataSource(24);
        VersioningSchema.createAndSeed(pool, schema, products, (done, total) -> { });
        services = VersioningServices.start(pool, schema, 8);
        sluice = Sluice.start(SluiceConfig.builder().dataSource(pool).schema(sluiceSchema)
                .pollInterval(Duration.ofMillis(100)).sweepInterval(Duration.ofMillis(50)).build());
        newPipeline = new NewPipeline(sluice, schema, services.http(), services.versioning().uri());
        workload = new ChangeWorkload(pool, schema);
    }

    OldPipeline oldPipeline() {
        return new OldPipeline(pool, schema, services.http(), services.versioning().uri());
    }

    long queryLong(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.replace("{{schema}}", schema))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql, Object... params) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql.replace("{{schema}}", schema))) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    /** Products needing a version, plus messages still in the queue. */
    long outstanding() throws SQLException {
        return workload.pending() + sluice.queues().stats(NewPipeline.QUEUE).depth();
    }

    /** Rows where versions are not 1..n per product, or current_version differs from the last version. */
    long versionGaps() throws SQLException {
        return queryLong("SELECT count(*) FROM (SELECT product_id, version, row_number() OVER (PARTITION BY product_id ORDER BY version) AS rn "
                + "FROM {{schema}}.product_versions) v WHERE v.version <> v.rn")
                + queryLong("SELECT count(*) FROM {{schema}}.products p WHERE p.current_version <> "
                + "coalesce((SELECT max(version) FROM {{schema}}.product_versions v WHERE v.product_id = p.id), 0)");
    }

    /** Published rows that are not the product's latest version, or whose data is not the product's current data. */
    long stalePublished() throws SQLException {
        return queryLong("SELECT count(*) FROM {{schema}}.products p LEFT JOIN {{schema}}.published_products pp ON pp.product_id = p.id "
                + "WHERE p.current_version > 0 AND (pp.product_id IS NULL OR pp.version <> p.current_version "
                + "OR (pp.data ->> 'price')::numeric <> p.price OR pp.data -> 'attributes' <> p.attributes "
                + "OR (pp.data ->> 'revision')::bigint <> p.revision)");
    }

    /**
     * Current versions that are not exactly what {@link VersioningLogic} makes of the product's
     * current data and owner, or whose published row is not that version: 0 when every pipeline
     * wrote the rows the rule defines (for products whose current version was made from their
     * latest change).
     */
    long wrongCurrentVersions() throws SQLException {
        return queryLong("SELECT count(*) FROM {{schema}}.products p JOIN {{schema}}.users u ON u.id = p.owner_id "
                + "JOIN {{schema}}.product_versions v ON v.product_id = p.id AND v.version = p.current_version "
                + "WHERE v.revision <> p.revision OR p.versioned_revision <> p.revision OR v.snapshot <> jsonb_build_object('id', p.id, 'name', p.name,"
                + " 'price', p.price, 'attributes', p.attributes, 'owner', jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email),"
                + " 'revision', p.revision) OR NOT EXISTS (SELECT 1 FROM {{schema}}.published_products pp WHERE pp.product_id = p.id"
                + " AND pp.version = v.version AND pp.data = v.snapshot)");
    }

    void change(List<Long> ids) throws SQLException {
        workload.apply(ids);
    }

    @Override
    public void close() {
        sluice.close();
        services.close();
        pool.close();
    }
}
