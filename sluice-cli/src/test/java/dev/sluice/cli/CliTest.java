package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import dev.sluice.worker.WorkerOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the commands in-process against the test database. */
class CliTest {

    private String schema;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.freshSchemaName("t_cli");
    }

    private Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String[] db(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--jdbc-url", TestDatabase.jdbcUrl(), "--schema", schema));
        return all.toArray(String[]::new);
    }

    @Test
    void migrateAppliesOnceAndPrintsTheScript() {
        Run first = run(db("migrate"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("core: [1-9]\\d* migration\\(s\\) applied, now at version [1-9]")
                .containsPattern("leaderboard: [1-9]\\d* migration\\(s\\) applied, now at version [1-9]");
        assertThat(run(db("migrate")).out()).contains("core: 0 migration(s) applied").contains("leaderboard: 0 migration(s) applied");
        Run print = run("migrate", "--print", "--schema", "myschema");
        assertThat(print.exitCode()).isZero();
        assertThat(print.out()).contains("CREATE TABLE \"myschema\".queues").contains("\"myschema\".score_events")
                .contains("CREATE TABLE \"myschema\".streams").contains("CREATE TABLE \"myschema\".trace_context");
    }

    @Test
    void thePrintedScriptIsWhatMigrateWouldApply() throws Exception {
        Run print = run("migrate", "--print", "--schema", schema);
        assertThat(print.exitCode()).isZero();
        try (HikariDataSource pool = TestDatabase.dataSource(1); Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(print.out());
        }
        Run migrate = run(db("migrate"));
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("core: 0 migration(s) applied").contains("leaderboard: 0 migration(s) applied")
                .contains("streams: 0 migration(s) applied").contains("tracing: 0 migration(s) applied");
        assertThat(run(db("queues", "create", "after_script")).out()).contains("created queue after_script");
    }

    @Test
    void queuesPauseResumeAndDeadLettersWorkEndToEnd() {
        assertThat(run(db("queues", "create", "mail")).out()).contains("created queue mail");
        assertThat(run(db("pause", "mail")).out()).contains("paused mail");
        assertThat(run(db("queues")).out()).containsPattern("mail\\s+paused");
        assertThat(run(db("resume", "mail")).out()).contains("resumed mail");

        // Make a dead letter through the public API.
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema)
                .sweepInterval(Duration.ofMillis(50)).build())) {
            sluice.enqueue("mail", Message.json("{\"to\":\"x\"}"));
            sluice.startWorkers("mail", WorkerOptions.builder().maxAttempts(1).build(), b -> {
                throw new IllegalStateException("smtp down");
            });
            long deadline = System.currentTimeMillis() + 20_000;
            while (sluice.deadLetters().list("mail").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
        }
        Run list = run(db("dlq", "list", "mail"));
        assertThat(list.out()).contains("smtp down").contains("1 dead letter(s)");
        Run redrive = run(db("dlq", "redrive", "mail", "--all"));
        assertThat(redrive.out()).contains("re-drove 1 dead letter(s)");
        assertThat(run(db("dlq", "list", "mail")).out()).contains("0 dead letter(s)");
        assertThat(run(db("queues", "--json")).out()).contains("\"queue\":\"mail\"").contains("\"depth\":1");
        Run rates = run(db("queues", "--rates", "--interval", "100ms"));
        assertThat(rates.exitCode()).as(rates.err()).isZero();
        assertThat(rates.out()).contains("PROCESSED/s").containsPattern("mail\\s+active\\s+1\\s+1\\s+[\\d.]+\\s+\\d+\\s+\\d+\\s+0\\s+0\\.0\\s+0\\.0");
        assertThat(run(db("queues", "--rates", "--json", "--interval", "100ms")).out()).contains("\"processedPerSecond\":0.0");
    }

    @Test
    void badInputGetsOneClearLineAndANonZeroExit() {
        Run badName = run(db("queues", "create", "Bad-Name"));
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).startsWith("sluice: The queue name \"Bad-Name\" is not allowed").doesNotContain("at dev.sluice");
        Run unknown = run(db("dlq", "list", "ghost"));
        assertThat(unknown.exitCode()).isEqualTo(1);
        // From the command line, the fix is a command, not a Java call.
        assertThat(unknown.err()).contains("Queue \"ghost\" does not exist").contains("sluice queues create ghost").doesNotContain("sluice.queues()");
        Run pauseGhost = run(db("pause", "ghost"));
        assertThat(pauseGhost.exitCode()).isEqualTo(1);
        assertThat(pauseGhost.err()).contains("ghost").doesNotContain("\tat ");
        Run resumeBad = run(db("resume", "no way"));
        assertThat(resumeBad.exitCode()).isEqualTo(1);
        assertThat(resumeBad.err().lines().count()).isEqualTo(1);
        Run noUrl = run("queues", "--schema", schema, "--jdbc-url", "");
        assertThat(noUrl.exitCode()).isEqualTo(1);
        assertThat(noUrl.err()).contains("--jdbc-url is required");
        Run refused = run("queues", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("sluice: Cannot connect to PostgreSQL").contains("refused");
    }

    static boolean tableExists(String schema, String table) throws Exception {
        try (HikariDataSource pool = TestDatabase.dataSource(1); Connection c = pool.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "\"" + schema + "\"." + table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static boolean schemaExists(String schema) throws Exception {
        try (HikariDataSource pool = TestDatabase.dataSource(1); Connection c = pool.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    @Test
    void readOnlyAndPerQueueCommandsNeverCreateOrMigrateASchema() throws Exception {
        for (String[] command : List.of(new String[] {"queues"}, new String[] {"queues", "--json"},
                new String[] {"queues", "--rates", "--interval", "100ms"}, new String[] {"dlq", "list", "mail"},
                new String[] {"dlq", "redrive", "mail", "--all"}, new String[] {"pause", "mail"}, new String[] {"resume", "mail"})) {
            Run r = run(db(command));
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", command)).startsWith("sluice: Schema \"" + schema + "\" has no Sluice tables")
                    .contains("sluice migrate --schema " + schema);
            assertThat(r.out()).isEmpty();
        }
        assertThat(schemaExists(schema)).as("the typo'd schema was created").isFalse();
    }

    @Test
    void serveServesTheLeaderboardOnlyWhereItIsEnabledOrAlreadyMigrated() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.db = new DatabaseOptions();
        serve.db.jdbcUrl = TestDatabase.jdbcUrl();
        serve.db.schema = schema;
        assertThat(run(db("queues", "create", "mail")).exitCode()).isZero();
        assertThat(serve.leaderboardEnabled(new java.util.Properties())).as("queue-only schema").isFalse();
        java.util.Properties file = new java.util.Properties();
        file.setProperty("leaderboard", "on");
        assertThat(serve.leaderboardEnabled(file)).isTrue();
        file.setProperty("leaderboard", "maybe");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serve.leaderboardEnabled(file)).hasMessageContaining("leaderboard must be true or false");
        run(db("migrate"));
        assertThat(serve.leaderboardEnabled(new java.util.Properties())).as("schema with the leaderboard's tables").isTrue();
        serve.leaderboard = false;
        assertThat(serve.leaderboardEnabled(new java.util.Properties())).isFalse();
    }

    @Test
    void aWrongOptionPrintsTheErrorAndTheUsage() {
        Run r = run("dlq", "list", "mail", "--limt=5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: Unknown option: '--limt=5'").contains("--limit").contains("Usage: sluice dlq list");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {"--help"}, new String[] {"demo", "--help"}, new String[] {"migrate", "--help"},
                new String[] {"queues", "--help"}, new String[] {"queues", "create", "--help"}, new String[] {"dlq", "list", "--help"},
                new String[] {"dlq", "redrive", "--help"}, new String[] {"pause", "--help"}, new String[] {"resume", "--help"},
                new String[] {"bench", "--help"}, new String[] {"bench", "queue", "--help"}, new String[] {"bench", "service", "--help"},
                new String[] {"bench", "leaderboard", "--help"}, new String[] {"serve", "--help"},
                new String[] {"demo", "versioning", "--help"}, new String[] {"demo", "leaderboard", "--help"}, new String[] {"demo", "spring", "--help"}, new String[] {"dlq", "--help"},
                new String[] {"help", "queues"})) {
            Run help = run(command);
            assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Usage:");
        }
        assertThat(run("--version").out()).startsWith("sluice 0.1.0");
        assertThat(run("demo", "--help").out()).contains("spring").contains("versioning").contains("leaderboard");
        // Run from the CLI jar itself (not through ./sluice), the Spring demo says how to start it.
        Run spring = run("demo", "spring");
        assertThat(spring.exitCode()).isEqualTo(1);
        assertThat(spring.err()).contains("./sluice demo spring").contains("sluice-spring-demo.jar");
        assertThat(run("serve", "--help").out()).contains("--jdbc-url").contains("--config").contains("--port").contains("--token");
    }

    @Test
    void demoEnqueuesAndProcessesTheBurst() {
        Run demo = run("demo", "--jdbc-url", TestDatabase.jdbcUrl(), "--schema", schema, "--jobs", "3000", "--workers", "2", "--burst-only");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("enqueued   3,000 jobs").contains("processed  3,000 jobs").contains("depth 0, processed total 3000");
    }
}
