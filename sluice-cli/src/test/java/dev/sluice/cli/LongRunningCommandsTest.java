package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} and {@code demo}, run in-process with a short --duration against the test database. */
class LongRunningCommandsTest {

    private static final Pattern DASHBOARD = Pattern.compile("Dashboard:\\s+(http://127\\.0\\.0\\.1:(\\d+))/(?:#token=(\\S+))?");
    private static final Pattern TOKEN = Pattern.compile("Token:\\s+(\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A command running on its own thread, with its output readable while it runs. */
    private record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        String output() {
            return out.toString();
        }
    }

    private static Running start(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Running(CompletableFuture.supplyAsync(() -> cli.execute(args)), out, err);
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Matcher awaitDashboard(Running running) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> running.exit().isDone() || DASHBOARD.matcher(running.output()).find());
        Matcher m = DASHBOARD.matcher(running.output());
        assertThat(m.find()).as("no dashboard line; out: %s%nerr: %s", running.output(), running.err()).isTrue();
        return m;
    }

    private static void assertPortClosed(int port) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    /** Threads this module's commands start (service, HTTP server, workers, traffic, example services). */
    private static Set<String> commandThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("sluice") || n.startsWith("JettyServerThreadPool") || n.startsWith("qtp")
                        || n.contains("-http-") || n.startsWith("Javalin") || n.startsWith("HikariPool"))
                .collect(Collectors.toSet());
    }

    @Test
    void serveTakesSettingsFromFlagsAndTheConfigFileAndStopsCleanly(@TempDir Path dir) throws Exception {
        String schema = TestDatabase.freshSchemaName("t_serve");
        Path config = dir.resolve("sluice.properties");
        Files.writeString(config, "jdbc-url=" + TestDatabase.jdbcUrl() + "\nschema=" + schema + "\npublic-metrics=false\nport=1\n");
        Set<String> before = commandThreads();
        String token = "serve-test-token-0123456789";
        Running serve = start("serve", "--config", config.toString(), "--port", "0", "--token", token, "--duration", "4s");
        Matcher m = awaitDashboard(serve);
        String url = m.group(1);
        int port = Integer.parseInt(m.group(2));
        // A token the user chose is never printed, not even in the dashboard URL.
        assertThat(m.group(3)).isNull();
        assertThat(serve.output()).contains("Token:      (configured)").contains("schema " + schema).doesNotContain(token);
        // A queue-only schema: the leaderboard is neither served nor migrated.
        assertThat(serve.output()).contains("leaderboard off");
        assertThat(get(url + "/api/leaderboard/windows", null).statusCode()).isEqualTo(404);
        assertThat(CliTest.tableExists(schema, "score_events")).isFalse();
        assertThat(CliTest.tableExists(schema, "queues")).isTrue();

        assertThat(get(url + "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(url + "/ready", null).statusCode()).isEqualTo(200);
        assertThat(get(url + "/api/queues", token).statusCode()).isEqualTo(200);
        assertThat(get(url + "/api/queues", null).statusCode()).isEqualTo(401);
        // public-metrics=false came from the file; port=1 from the file lost to --port 0.
        assertThat(get(url + "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(url + "/metrics", token).body()).contains("jvm_");

        assertThat(serve.exit().get(1, TimeUnit.MINUTES)).as(serve.err().toString()).isZero();
        assertThat(serve.output()).contains("Stopped.");
        assertPortClosed(port);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(commandThreads()).isSubsetOf(before));
    }

    @Test
    void serveWithABadSettingSaysWhichAndExits() {
        Running serve = start("serve", "--jdbc-url", TestDatabase.jdbcUrl(), "--token", "short");
        assertThat(serve.exit().join()).isEqualTo(1);
        assertThat(serve.err().toString()).startsWith("sluice: token must be at least 16").doesNotContain("\tat ");
    }

    @Test
    void demoRunsBothApplicationsBehindTheDashboardAndLeavesNothingRunning() throws Exception {
        String schema = TestDatabase.freshSchemaName("t_demo");
        Set<String> before = commandThreads();
        Running demo = start("demo", "--jdbc-url", TestDatabase.jdbcUrl(), "--schema", schema, "--jobs", "2000", "--products", "2000",
                "--port", "0", "--duration", "12s", "--status-every", "3s");
        Matcher m = awaitDashboard(demo);
        String url = m.group(1);
        int port = Integer.parseInt(m.group(2));
        Matcher t = TOKEN.matcher(demo.output());
        assertThat(t.find()).isTrue();
        String token = t.group(1);
        assertThat(m.group(3)).isEqualTo(token);
        assertThat(demo.output()).contains("enqueued   2,000 jobs").contains("processed  2,000 jobs");
        // The demo says which queues nobody consumes after the burst.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(demo.output()).containsPattern("Workers:.*versioning \\(\\d+\\).*no workers on [^\\n]*demo"));

        HttpResponse<String> dashboard = get(m.group(0).substring("Dashboard:".length()).trim(), null);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).containsIgnoringCase("<html");
        // Both applications are live: scores reach the leaderboard, captured product updates get versioned.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(url + "/api/leaderboard/all", null).body()).contains("player-"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(url + "/api/queues/versioning", token).body()).containsPattern("\"processed\":[1-9]"));
        assertThat(get(url + "/api/queues", token).body()).contains("\"emails\"").contains("\"demo\"").contains("\"versioning\"");

        assertThat(demo.exit().get(2, TimeUnit.MINUTES)).as(demo.err().toString()).isZero();
        assertThat(demo.output()).containsPattern("live: [\\d,]+ score events ingested; [\\d,]+ product updates, [\\d,]+ versions written.*[\\d,]+ emails sent, \\d+ dead letters")
                .contains("Stopped; nothing left running.");
        assertPortClosed(port);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(commandThreads()).isSubsetOf(before));
    }
}
