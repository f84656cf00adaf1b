package dev.sluice.bench;

import dev.sluice.schema.SqlTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What every benchmark run records about where it ran: machine, date, Java, and the server's settings. */
final class RunInfo {

    private RunInfo() {
    }

    /** CPU model, cores, date (UTC), Java version and the server settings of {@code server_settings.sql}. */
    static Map<String, Object> collect(String url) throws SQLException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("cpu_model", cpuModel());
        info.put("cores", Runtime.getRuntime().availableProcessors());
        info.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        info.put("java", System.getProperty("java.version"));
        String sql = SqlTemplate.load(RunInfo.class, "server_settings.sql").render(Map.of());
        try (Connection c = DirectConnections.open(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                info.put(meta.getColumnLabel(i), rs.getString(i));
            }
        }
        return info;
    }

    /** One line for stderr: {@code machine: AMD EPYC, 2 cores; 2026-12-01T20:00:00Z; PostgreSQL 17.6 fsync=on ...}. */
    static String describe(Map<String, Object> info) {
        return String.format("machine: %s, %s cores, Java %s; date %s; PostgreSQL %s: fsync=%s synchronous_commit=%s "
                        + "shared_buffers=%s max_wal_size=%s autovacuum=%s", info.get("cpu_model"), info.get("cores"), info.get("java"),
                info.get("date"), info.get("server_version"), info.get("fsync"), info.get("synchronous_commit"),
                info.get("shared_buffers"), info.get("max_wal_size"), info.get("autovacuum"));
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse(System.getProperty("os.arch"));
            } catch (IOException | RuntimeException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch");
    }
}
