package dev.sluice.examples.versioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;

/** The application's writes: eligible changes to chosen products, as the benchmark's input. */
public final class ChangeWorkload {

    /** Products changed per statement. */
    static final int CHUNK = 1_000;

    private final DataSource dataSource;
    private final VersioningSql sql;

    public ChangeWorkload(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.sql = new VersioningSql(schema);
    }

    /** {@code count} distinct product ids out of 1..{@code products}, the same for the same seed. */
    public static List<Long> pick(long products, int count, long seed) {
        if (count > products) {
            throw new IllegalArgumentException("cannot change " + count + " distinct products out of " + products);
        }
        Random random = new Random(seed);
        Set<Long> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            ids.add(1 + (long) (random.nextDouble() * products));
        }
        return new ArrayList<>(ids);
    }

    /** Applies one eligible change to each product (in autocommitted statements of {@link #CHUNK} products). */
    public void apply(List<Long> ids) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("apply_changes"))) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                ps.setArray(1, c.createArrayOf("int8", chunk.toArray()));
                ps.executeUpdate();
            }
        }
    }

    /** Products that need a version now. */
    public long pending() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("pending_count"));
             var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
