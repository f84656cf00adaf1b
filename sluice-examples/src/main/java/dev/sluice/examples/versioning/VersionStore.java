package dev.sluice.examples.versioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Writes versions: a whole batch in one statement on a caller's connection (new pipeline), or
 * one record in its own transaction of three statements (old pipeline).
 *
 * <p>Both guard with an optimistic check: a product moves to version n only from version n - 1
 * and only to a newer revision. Two writers racing on one product cannot both succeed, so versions
 * stay consecutive without gaps or duplicates whatever the callers do.
 */
public final class VersionStore {

    private final VersioningSql sql;

    public VersionStore(String schema) {
        this.sql = new VersioningSql(schema);
    }

    /**
     * Applies the writes on {@code c} (the caller's transaction; nothing is committed here) in one
     * statement ({@code versions_write.sql}) and returns the ids of the products that moved. Writes
     * whose product moved meanwhile are left out and should be planned again.
     */
    public Set<Long> applyBatch(Connection c, List<VersionWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return Set.of();
        }
        Set<Long> moved = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.get("versions_write"))) {
            ps.setArray(1, c.createArrayOf("int8", writes.stream().map(VersionWrite::productId).toArray()));
            ps.setArray(2, c.createArrayOf("int4", writes.stream().map(VersionWrite::version).toArray()));
            ps.setArray(3, c.createArrayOf("int8", writes.stream().map(VersionWrite::revision).toArray()));
            ps.setArray(4, c.createArrayOf("text", writes.stream().map(VersionWrite::snapshot).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    moved.add(rs.getLong(1));
                }
            }
        }
        return moved;
    }

    /**
     * Writes one version in a transaction of its own. Returns false (and writes nothing) when the
     * product moved since it was read, e.g. because an overlapping cron run got there first.
     */
    public boolean applyOne(DataSource dataSource, VersionWrite w) throws SQLException {
        String snapshot = w.snapshot();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(sql.get("product_mark_versioned"))) {
                    ps.setInt(1, w.version());
                    ps.setLong(2, w.revision());
                    ps.setLong(3, w.productId());
                    ps.setInt(4, w.version() - 1);
                    ps.setLong(5, w.revision());
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(sql.get("version_insert"))) {
                    ps.setLong(1, w.productId());
                    ps.setInt(2, w.version());
                    ps.setLong(3, w.revision());
                    ps.setString(4, snapshot);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(sql.get("published_upsert_one"))) {
                    ps.setLong(1, w.productId());
                    ps.setInt(2, w.version());
                    ps.setString(3, snapshot);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
