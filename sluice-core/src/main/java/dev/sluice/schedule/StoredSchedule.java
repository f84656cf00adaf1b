package dev.sluice.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How a schedule is stored (kind, expression, zone, interval_ms) and back again. */
final class StoredSchedule {

    private static final Map<String, Schedule> PARSED = new ConcurrentHashMap<>();

    private StoredSchedule() {
    }

    static String kind(Schedule s) {
        return s.kind() == Schedule.Kind.CRON ? "cron" : "interval";
    }

    static Long intervalMillis(Schedule s) {
        return s.interval() == null ? null : s.interval().toMillis();
    }

    /** The schedule of a row whose columns kind, expression, zone, interval_ms start at {@code first}. */
    static Schedule read(ResultSet rs, int first) throws SQLException {
        String kind = rs.getString(first);
        String expression = rs.getString(first + 1);
        String zone = rs.getString(first + 2);
        long intervalMs = rs.getLong(first + 3);
        if ("interval".equals(kind)) {
            return Schedule.every(Duration.ofMillis(intervalMs));
        }
        // Parsing cron is not free and the ticker reads the same rows every pass.
        if (PARSED.size() > 10_000) {
            PARSED.clear();
        }
        return PARSED.computeIfAbsent(zone + ' ' + expression, k -> Schedule.cron(expression, zone));
    }
}
