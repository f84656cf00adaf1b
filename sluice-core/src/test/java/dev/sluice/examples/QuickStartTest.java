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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start (an application class, and a test of it on the embedded PostgreSQL),
 * compiled and run; {@link #readmeShowsExactlyThisCode} keeps the README's copies identical.
 */
class QuickStartTest {

    static final class QuickStart {
        // --- quick start: begin ---
        /** Starts Sluice and the email workers; they run until close(). */
        static Sluice start(String jdbcUrl) throws SQLException {
            Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(jdbcUrl).schema("quickstart").build());
            sluice.queues().create("emails"); // no-op when it exists
            try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement()) {
                // Your application's table, in your own schema; Sluice keeps all of its tables in "quickstart".
                s.execute("CREATE TABLE IF NOT EXISTS public.sent (address text PRIMARY KEY)");
            }
            // A batch handler: its writes and the acknowledgement commit together, exactly once.
            sluice.startWorkers("emails", WorkerOptions.builder().concurrency(4).batchSize(150).build(), batch -> {
                try (PreparedStatement ps = batch.connection().prepareStatement(
                        "INSERT INTO public.sent (address) VALUES (?) ON CONFLICT DO NOTHING")) {
                    for (ReceivedMessage m : batch.messages()) {
                        ps.setString(1, m.payloadTree().path("to").asText());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
            return sluice;
        }

        /** Enqueue in your own transaction: rolled back means never delivered. */
        static void signUp(Sluice sluice, String address) throws SQLException {
            try (Connection c = sluice.dataSource().getConnection()) {
                c.setAutoCommit(false);
                // ... your own writes, e.g. INSERT INTO users ...
                sluice.enqueue(c, "emails", Message.of(Map.of("to", address)));
                c.commit();
            }
        }

        public static void main(String[] args) throws Exception {
            // e.g. JDBC_URL=jdbc:postgresql://localhost:5432/app?user=app&password=secret
            Sluice sluice = start(System.getenv("JDBC_URL"));
            // Ctrl-C or SIGTERM: close() stops the workers, lets in-flight batches commit (up to
            // shutdownTimeout, 30 s) and leaves every message not yet claimed in the queue.
            Runtime.getRuntime().addShutdownHook(new Thread(sluice::close));
            signUp(sluice, "ada@example.com");
            // Or a batch: one statement, one round trip.
            sluice.enqueueBatch("emails", List.of(
                    Message.of(Map.of("to", "grace@example.com")),
                    Message.builder().payload(Map.of("to", "alan@example.com")).idempotencyKey("welcome-alan").build()));
            // Sluice's threads are daemons: keep the JVM up (a web server or framework does this for you).
            Thread.currentThread().join();
        }
        // --- quick start: end ---
    }

    @BeforeEach
    void clean() throws Exception {
        try (var ds = TestDatabase.dataSource(1); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.sent");
            s.execute("DROP SCHEMA IF EXISTS quickstart CASCADE");
        }
    }

    private static String sent(Sluice sluice) throws SQLException {
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(string_agg(address, ',' ORDER BY address), '') FROM public.sent")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void quickStartRunsWhatMainDoes() throws Exception {
        // main() without its last line (which waits for the JVM's shutdown) and with close() for the shutdown hook.
        try (Sluice sluice = QuickStart.start(TestDatabase.jdbcUrl())) {
            QuickStart.signUp(sluice, "ada@example.com");
            sluice.enqueueBatch("emails", List.of(
                    Message.of(Map.of("to", "grace@example.com")),
                    Message.builder().payload(Map.of("to", "alan@example.com")).idempotencyKey("welcome-alan").build()));
            await().atMost(Duration.ofSeconds(10)).until(() -> sent(sluice).equals("ada@example.com,alan@example.com,grace@example.com"));
            // Sluice's tables are in "quickstart", the application's table is in public.
            try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT to_regclass('quickstart.queues') IS NOT NULL, to_regclass('quickstart.sent') IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void aRolledBackSignUpSendsNothing() throws Exception {
        try (Sluice sluice = QuickStart.start(TestDatabase.jdbcUrl())) {
            try (Connection c = sluice.dataSource().getConnection()) {
                c.setAutoCommit(false);
                sluice.enqueue(c, "emails", Message.of(Map.of("to", "nobody@example.com")));
                c.rollback();
            }
            QuickStart.signUp(sluice, "ada@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> sent(sluice).equals("ada@example.com"));
            assertThat(sluice.queues().stats("emails").depth()).isZero();
        }
    }

    // --- embedded test: begin ---
    @Test
    void welcomeEmailIsSent() throws Exception {
        // A real PostgreSQL 17, started once per test JVM and stopped at its exit;
        // SLUICE_TEST_JDBC_URL=jdbc:postgresql://... runs the same tests on yours instead.
        try (Sluice sluice = QuickStart.start(TestDatabase.jdbcUrl())) {
            QuickStart.signUp(sluice, "ada@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> sluice.queues().stats("emails").processed() == 1);
        }
    }
    // --- embedded test: end ---

    @Test
    void readmeShowsExactlyThisCode() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/sluice/examples/QuickStartTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String part : List.of("quick start", "embedded test")) {
            String begin = "// --- " + part + ": begin ---\n";
            String snippet = source.substring(source.indexOf(begin) + begin.length(), source.indexOf("// --- " + part + ": end ---"));
            assertThat(normalise(readme)).as("README.md %s must match QuickStartTest", part).contains(normalise(snippet));
        }
        // Every import the README shows exists and is used here, so the README's imports compile.
        List<String> readmeImports = readme.lines().map(String::strip).filter(l -> l.startsWith("import ")).toList();
        assertThat(readmeImports).isNotEmpty();
        assertThat(source.lines().map(String::strip).toList()).containsAll(readmeImports);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + "\n" + b);
    }
}
