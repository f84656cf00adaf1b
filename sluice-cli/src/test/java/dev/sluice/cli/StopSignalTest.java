package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo} in its own JVM with its own embedded PostgreSQL, stopped by a signal as
 * Ctrl-C would (SIGTERM here: a test runner's children may inherit an ignored SIGINT, and both
 * signals take the same path): it exits 0, and neither its HTTP port nor its PostgreSQL is left open.
 */
class StopSignalTest {

    private static final Pattern POSTGRES = Pattern.compile("PostgreSQL on port (\\d+)");
    private static final Pattern DASHBOARD = Pattern.compile("Dashboard:\\s+(http://127\\.0\\.0\\.1:(\\d+))/#token=\\S+");

    @Test
    void aStopSignalStopsTrafficServiceAndPostgresAndExitsZero(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A file, not a pipe: a pipe's last lines can be lost when the JDK drains it as the process exits.
        Path log = dir.resolve("demo.out");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--jobs", "1000", "--products", "1000", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Callable<String> output = () -> Files.readString(log);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !child.isAlive() || output.call().contains("Press Ctrl-C"));
            Matcher dashboard = DASHBOARD.matcher(output.call());
            Matcher postgres = POSTGRES.matcher(output.call());
            assertThat(dashboard.find() && postgres.find()).as(output.call()).isTrue();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard.group(1) + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);

            child.destroy();
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as(output.call()).isTrue();
            assertThat(child.exitValue()).as(output.call()).isZero();
            assertThat(output.call()).contains("Stopping: traffic, workers, service, database...").contains("Stopped; nothing left running.");
            assertClosed(Integer.parseInt(dashboard.group(2)));
            assertClosed(Integer.parseInt(postgres.group(1)));
        } finally {
            child.destroyForcibly();
        }
    }

    private static void assertClosed(int port) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("port %d", port).isInstanceOf(ConnectException.class);
    }
}
