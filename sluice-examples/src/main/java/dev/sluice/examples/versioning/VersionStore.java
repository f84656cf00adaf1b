package dev.sluice.examples.versioning;

import dev.sluice.worker.Batch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** SQLSTATE of versions_moved when a write that must move every planned product did not. */
    static final String NOT_ALL_MOVED = "VS001";

    /**
     * Applies the writes on {@code c} (the caller's transaction; nothing is committed here) in one
     * statement ({@code versions_write.sql}) and returns the ids of the products that moved. Writes
     * whose product moved meanwhile are left out and should be planned again.
     */
    public Set<Long> applyBatch(Connection c, List<VersionWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return Set.of();
        }
        try (PreparedStatement ps = c.prepareStatement(sql.get("versions_write"))) {
            bind(c, ps, writes, false);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return moved(rs);
            }
        }
    }

    /**
     * Applies the writes as the batch's last statement, committed with it in the same round trip
     * ({@link Batch#commitWith}), if every planned product moves; returns whether it did. If one did
     * not (another worker versioned it meanwhile), the statement fails on purpose
     * ({@code versions_moved}), Sluice undoes it alone and nothing is committed: the caller plans
     * again and writes with {@link #applyBatch}. While Sluice isolates a failed batch, the write runs
     * without committing (commitWith commits only a call that holds the whole batch).
     */
    public boolean applyBatchWith(Batch batch, List<VersionWrite> writes) throws SQLException {
        try {
            batch.commitWith(sql.get("versions_write"), ps -> bind(batch.connection(), ps, writes, true));
            return true;
        } catch (SQLException e) {
            if (!NOT_ALL_MOVED.equals(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<VersionWrite> writes, boolean allRequired) throws SQLException {
        ps.setArray(1, c.createArrayOf("int8", writes.stream().map(VersionWrite::productId).toArray()));
        ps.setArray(2, c.createArrayOf("int4", writes.stream().map(VersionWrite::version).toArray()));
        ps.setArray(3, c.createArrayOf("int8", writes.stream().map(VersionWrite::revision).toArray()));
        ps.setArray(4, c.createArrayOf("text", writes.stream().map(VersionWrite::snapshot).toArray()));
        ps.setBoolean(5, allRequired);
    }

    private static Set<Long> moved(ResultSet rs) throws SQLException {
        Set<Long> moved = new HashSet<>();
        for (Long id : (Long[]) rs.getArray(1).getArray()) {
            moved.add(id);
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
