package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.embedded.EmbeddedDatabase.Durability;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.server.leaderboard.LeaderboardService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service while its PostgreSQL goes away and comes back: readiness says so, writes get a 503
 * that tells the client to retry (never a 500, never a half-written batch), and afterwards the
 * API and the live leaderboard stream work again without a restart of the service. Runs on its
 * own embedded server, since it stops and starts it.
 */
class DatabaseRestartServiceTest {

    private static final String TOKEN = "restart-token-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void outageIsA503AndEverythingResumesWhenPostgresIsBack() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Durability.FAST, dataDir.resolve("pg"), 0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (HikariDataSource pool = EmbeddedDatabase.pooledDataSource(db.jdbcUrl(), 6, Map.of());
             Sluice sluice = Sluice.start(SluiceConfig.builder().dataSource(pool).build());
             LeaderboardService board = new LeaderboardService(Leaderboards.start(sluice, LeaderboardConfig.builder().build()));
             SluiceServer server = SluiceServer.start(sluice, board, ServerConfig.builder().port(0).token(TOKEN).build());
             SseRecorder stream = SseRecorder.open(http, server.url() + "/api/leaderboard/all/stream")) {
            pool.setConnectionTimeout(2_000); // requests during the outage fail after 2 s instead of 10
            sluice.queues().create("jobs");
            assertThat(post(http, server, "/api/queues/jobs/messages", "{\"payload\":{\"n\":1}}").statusCode()).isEqualTo(201);

            db.close();
            HttpResponse<String> ready = get(http, server, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("database", "down", "requestId");
            // The public readiness answer names no host, port or driver text: that goes to the log.
            assertThat(ready.body()).doesNotContain("Connection", "refused", "127.0.0.1", "localhost", "Exception");
            HttpResponse<String> enqueue = post(http, server, "/api/queues/jobs/messages/batch",
                    "{\"messages\":[{\"payload\":{\"n\":2}},{\"payload\":{\"n\":3}}]}");
            assertThat(enqueue.statusCode()).as(enqueue.body()).isEqualTo(503);
            assertThat(enqueue.body()).contains("database_unavailable", "Retry", "requestId")
                    .doesNotContain("Connection", "refused", "127.0.0.1", "Exception", "jobs\"");
            HttpResponse<String> score = post(http, server, "/api/scores", "{\"eventId\":\"down-1\",\"playerId\":\"ada\",\"score\":5}");
            assertThat(score.statusCode()).as(score.body()).isEqualTo(503);

            db = db.startAgain();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, server, "/ready").statusCode() == 200);
            // A pooled connection may still be a dead one: the client retries, as a 503 told it to.
            await().atMost(Duration.ofSeconds(30)).until(() -> post(http, server, "/api/queues/jobs/messages/batch",
                    "{\"messages\":[{\"payload\":{\"n\":2}},{\"payload\":{\"n\":3}}]}").statusCode() == 200);
            assertThat(sluice.queues().stats("jobs").depth()).as("one before the outage, the retried batch after; nothing half-written")
                    .isEqualTo(3);
            // The retried score event counts once, and the live stream picks up again (its LISTEN reconnected).
            await().atMost(Duration.ofSeconds(30)).until(() -> post(http, server, "/api/scores",
                    "{\"eventId\":\"down-1\",\"playerId\":\"ada\",\"score\":5}").statusCode() == 201);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.last("leaderboard") != null
                    && stream.last("leaderboard").contains("\"playerId\":\"ada\""));
        } finally {
            db.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, SluiceServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, SluiceServer server, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
