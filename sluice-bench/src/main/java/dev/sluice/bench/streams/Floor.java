package dev.sluice.bench.streams;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The bare-INSERT floor: the same batches into a plain table, and a keyset reader with a position row. */
final class Floor {

    private final DataSource dataSource;

    Floor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String sql(String name) {
        return SqlTemplate.load(Floor.class, name).render(Map.of());
    }

    void create() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql("bare_create.sql"));
        }
    }

    void insert(Connection c, String[] keys, String[] payloads) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("bare_insert.sql"))) {
            ps.setArray(1, c.createArrayOf("text", keys));
            ps.setArray(2, c.createArrayOf("text", payloads));
            ps.executeUpdate();
        }
    }

    /** Reads everything once as reader {@code name}: one transaction per batch, reading and moving the position. Returns rows read. */
    long readAll(String name, int batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_bare_position VALUES (?, 0) ON CONFLICT (name) DO UPDATE SET position = 0")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            long position = 0;
            long read = 0;
            String select = sql("bare_read.sql");
            String advance = sql("bare_advance.sql");
            while (true) {
                long last = position;
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setLong(1, position);
                    ps.setInt(2, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong(1);
                            rs.getString(2);
                            rs.getString(3);
                            n++;
                        }
                    }
                }
                if (n == 0) {
                    c.rollback();
                    return read;
                }
                try (PreparedStatement ps = c.prepareStatement(advance)) {
                    ps.setLong(1, last);
                    ps.setString(2, name);
                    ps.executeUpdate();
                }
                c.commit();
                position = last;
                read += n;
            }
        }
    }

    long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_bare")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> settings(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql("server_settings.sql"))) {
            rs.next();
            return List.of("server_version=" + rs.getString(1), "fsync=" + rs.getString(2), "synchronous_commit=" + rs.getString(3),
                    "shared_buffers=" + rs.getString(4), "wal_level=" + rs.getString(5));
        }
    }
}
