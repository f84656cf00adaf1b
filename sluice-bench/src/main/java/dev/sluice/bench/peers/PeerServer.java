package dev.sluice.bench.peers;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one PostgreSQL server of a run: its settings, and a fresh database for each peer. */
final class PeerServer {

    private final String jdbcUrl;

    PeerServer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The server's JDBC URL (the database the run was given). */
    String url() {
        return jdbcUrl;
    }

    private Connection connect() throws SQLException {
        Connection c = jdbcUrl.contains("user=") ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, "postgres", null);
        c.setAutoCommit(true);
        return c;
    }

    /** fsync, synchronous_commit, full_page_writes, shared_buffers and the rest of server_settings.sql. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PeerSql.load("server_settings.sql"))) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    /** Whether commits wait for the WAL flush: fsync on and synchronous_commit on (or stricter). */
    static boolean durable(Map<String, String> settings) {
        String sync = settings.getOrDefault("synchronous_commit", "");
        return "on".equals(settings.get("fsync")) && (sync.equals("on") || sync.equals("remote_apply") || sync.equals("remote_write"));
    }

    /**
     * The database name of a peer: {@code <the run's database>_peer_<name>}, so that runs given
     * different databases on one server (several people sharing it) never drop each other's peers.
     */
    static String databaseOf(String runDatabase, String peer) {
        String name = runDatabase + "_peer_" + peer.replace('-', '_');
        if (!name.matches("[a-z][a-z0-9_]*") || name.length() > 63) {
            throw new IllegalArgumentException("database " + runDatabase + " and peer " + peer
                    + " make no plain database name (lower-case letters, digits, _; at most 63 bytes): " + name);
        }
        return name;
    }

    private String databaseOf(String peer) {
        return databaseOf(ConnectionStrings.databaseOf(jdbcUrl), peer);
    }

    /** Drops the peer's database if an earlier run left it, creates it empty, and returns its JDBC URL. */
    String freshDatabase(String peer) throws SQLException {
        String database = databaseOf(peer);
        drop(peer);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(SqlTemplate.load(PeerServer.class, "database_create.sql").render(Map.of("database", '"' + database + '"')));
        }
        return ConnectionStrings.withDatabase(jdbcUrl, database);
    }

    /**
     * The same preparation before every peer's burn-down, as the queue benchmark gives Sluice and its
     * SQL baseline: VACUUM ANALYZE of the peer's database (plans from its real table sizes) and a
     * CHECKPOINT (no checkpoint owed by the enqueue falls inside the measured burn-down).
     */
    void prepare(String peerUrl) throws SQLException {
        try (Connection c = peerUrl.contains("user=") ? DriverManager.getConnection(peerUrl) : DriverManager.getConnection(peerUrl, "postgres", null);
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
    }

    void drop(String peer) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(SqlTemplate.load(PeerServer.class, "database_drop.sql").render(Map.of("database", '"' + databaseOf(peer) + '"')));
        }
    }
}
