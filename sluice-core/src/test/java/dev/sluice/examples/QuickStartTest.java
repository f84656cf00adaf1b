package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; a second test keeps the README's copy identical. */
class QuickStartTest {

    static void quickStart(String jdbcUrl) throws Exception {
        // --- quick start: begin ---
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(jdbcUrl).schema("quickstart").build())) {
            sluice.queues().create("emails");

            // Enqueue in your own transaction: rolled back means never delivered.
            try (Connection c = sluice.dataSource().getConnection()) {
                c.setAutoCommit(false);
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS sent (address text PRIMARY KEY)");
                sluice.enqueue(c, "emails", Message.of(Map.of("to", "ada@example.com")));
                c.commit();
            }
            // Or in a batch: one statement, one round trip.
            sluice.enqueueBatch("emails", java.util.List.of(
                    Message.of(Map.of("to", "grace@example.com")),
                    Message.builder().payload(Map.of("to", "alan@example.com")).idempotencyKey("welcome-alan").build()));

            // A batch handler: its writes and the acknowledgement commit together, exactly once.
            sluice.startWorkers("emails", WorkerOptions.builder().concurrency(4).batchSize(150).build(), batch -> {
                try (PreparedStatement ps = batch.connection().prepareStatement(
                        "INSERT INTO sent (address) VALUES (?) ON CONFLICT DO NOTHING")) {
                    for (ReceivedMessage m : batch.messages()) {
                        ps.setString(1, m.payloadTree().path("to").asText());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
            // --- quick start: end ---
            await().atMost(Duration.ofSeconds(10)).until(() -> sent(sluice) == 3);
        }
    }

    private static long sent(Sluice sluice) throws Exception {
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sent")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void quickStartRuns() throws Exception {
        String url = TestDatabase.jdbcUrl();
        try (var ds = TestDatabase.dataSource(1); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sent");
            s.execute("DROP SCHEMA IF EXISTS quickstart CASCADE");
        }
        quickStart(url);
        try (var ds = TestDatabase.dataSource(1); Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(address, ',' ORDER BY address) FROM sent")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ada@example.com,alan@example.com,grace@example.com");
        }
    }

    @Test
    void readmeShowsExactlyThisCode() throws Exception {
        Path here = Path.of("src/test/java/dev/sluice/examples/QuickStartTest.java");
        String source = Files.readString(here);
        String snippet = source.substring(source.indexOf("// --- quick start: begin ---\n") + 30, source.indexOf("            // --- quick start: end ---"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(normalise(readme)).as("README.md quick start must match QuickStartTest").contains(normalise(snippet));
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + "\n" + b);
    }
}
