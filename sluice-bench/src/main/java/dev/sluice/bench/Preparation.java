package dev.sluice.bench;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The same preparation before every measured run, Sluice's or a baseline's: VACUUM ANALYZE of every
 * bench table (both candidates' tables, whichever runs next), then CHECKPOINT, so that no run starts
 * with the other's dead rows, stale statistics or dirty buffers. A user without the right to
 * CHECKPOINT gets the VACUUM only, for every run alike, and {@link #run} says so.
 */
final class Preparation {

    static final String SCHEMA = "sluice_bench";

    private Preparation() {
    }

    /** Prepares the server; returns what was done ({@code "vacuum analyze, checkpoint"}, or without the checkpoint). */
    static String run(String url) throws SQLException {
        try (Connection c = DirectConnections.open(url); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SqlTemplate.load(Preparation.class, "prepare_tables.sql").render(Map.of()))) {
                ps.setString(1, SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            if (!tables.isEmpty()) {
                s.execute("VACUUM (ANALYZE) " + String.join(", ", tables)); // names quoted by format('%I.%I')
            }
            try {
                s.execute("CHECKPOINT");
                return "vacuum analyze, checkpoint";
            } catch (SQLException e) {
                System.err.println("CHECKPOINT not permitted (" + e.getMessage().strip() + "): every run is prepared with VACUUM ANALYZE only");
                return "vacuum analyze";
            }
        }
    }
}
