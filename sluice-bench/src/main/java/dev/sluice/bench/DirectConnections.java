package dev.sluice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain JDBC connections outside any pool, for the baselines, the snapshot holder and the sampler. */
final class DirectConnections {
    private DirectConnections() {
    }

    /** Opens an autocommit connection; user {@code postgres} unless the URL names one (the embedded database's URL does not). */
    static Connection open(String url) throws SQLException {
        Connection c = url.contains("user=") ? DriverManager.getConnection(url) : DriverManager.getConnection(url, "postgres", null);
        c.setAutoCommit(true);
        return c;
    }
}
