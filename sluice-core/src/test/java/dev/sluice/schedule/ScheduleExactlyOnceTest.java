package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.QueueTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three processes tick one every-second schedule: this JVM and two child JVMs. Each tick must be
 * enqueued exactly once, with no gap, including across a child killed with SIGKILL and this
 * process's Sluice closing, after which the surviving child carries on alone.
 */
class ScheduleExactlyOnceTest extends SluiceTestSupport {

    private Process child() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ScheduleTickerMain.class.getName(), TestDatabase.jdbcUrl(), schema)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ticking")) {
            // its start-up log
        }
        assertThat(line).as("child started").isEqualTo("ticking");
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard, so the child never blocks on a full pipe
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private List<String> keys() throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT idempotency_key FROM " + new QueueTable(schema, "ticks").table() + " ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    @Test
    void eachTickIsEnqueuedOnceAcrossThreeProcessesAndACrash() throws Exception {
        sluice.queues().create("ticks");
        Process first = child();
        Process second = child();
        try {
            sluice.schedules().define("every-second", Schedule.every(Duration.ofSeconds(1)), "ticks", Map.of("n", 1),
                    ScheduleOptions.DEFAULTS.catchUp(CatchUp.ALL));
            await().atMost(Duration.ofSeconds(15)).until(() -> keys().size() >= 3);

            first.destroyForcibly(); // SIGKILL, possibly mid-transaction
            first.waitFor();
            sluice.close(); // only the second child ticks from here on
            int before = keys().size();
            await().atMost(Duration.ofSeconds(15)).until(() -> keys().size() >= before + 2);
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
            second.waitFor();
        }

        List<String> keys = keys();
        assertThat(keys).as("no tick enqueued twice").doesNotHaveDuplicates();
        List<Instant> ticks = keys.stream().map(k -> Instant.parse(k.substring(k.indexOf(':', "sluice-schedule:".length()) + 1))).toList();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("tick %d follows tick %d by one second, no gap", i, i - 1).isEqualTo(ticks.get(i - 1).plusSeconds(1));
        }
        assertThat(queryLong("SELECT enqueued_ticks FROM " + schema + ".schedules WHERE name = 'every-second'")).isEqualTo(keys.size());
        assertThat(queryLong("SELECT skipped_ticks FROM " + schema + ".schedules WHERE name = 'every-second'")).isZero();
    }
}
