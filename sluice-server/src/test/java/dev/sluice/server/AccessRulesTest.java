package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.server.TestService.Reply;
import dev.sluice.server.api.SecurityHeaders;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.server.leaderboard.LeaderboardService;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may call what, where a token may travel, and what an answer may reveal. */
class AccessRulesTest {

    static final String READ_TOKEN = "read-only-token-0123456789";
    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_access", b -> b.readToken(READ_TOKEN).maxStreamClients(1).maxTokenStreamClients(2));
        service.put("/api/queues/jobs");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Reply as(String token, String method, String path, String body) {
        HttpRequest.Builder b = service.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return service.send(b.build());
    }

    @Test
    void theReadOnlyTokenReadsButNeverWrites() {
        assertThat(as(READ_TOKEN, "GET", "/api/queues", null).status()).isEqualTo(200);
        assertThat(as(READ_TOKEN, "GET", "/api/queues/jobs/dead-letters", null).status()).isEqualTo(200);
        for (String[] write : List.of(new String[] {"POST", "/api/queues/jobs/messages", "{\"payload\":1}"},
                new String[] {"POST", "/api/queues/jobs/messages/batch", "[{\"payload\":1}]"}, new String[] {"PUT", "/api/queues/other", null},
                new String[] {"POST", "/api/queues/jobs/pause", ""}, new String[] {"POST", "/api/queues/jobs/dead-letters/redrive", "{\"all\":true}"},
                new String[] {"POST", "/api/scores", "{\"eventId\":\"r1\",\"playerId\":\"ada\",\"score\":1}"})) {
            Reply r = as(READ_TOKEN, write[0], write[1], write[2]);
            assertThat(r.status()).as(String.join(" ", write)).isEqualTo(403);
            assertThat(r.json().get("message").asText()).contains("read-only token");
        }
        assertThat(service.sluice.queues().stats("jobs").depth()).isZero();
        assertThat(service.sluice.queues().exists("other")).isFalse();
        assertThat(service.sluice.queues().isPaused("jobs")).isFalse();
        assertThat(service.leaderboard.top("all", 0, 10)).isEmpty();
    }

    @Test
    void aStreamTicketOpensStreamsOnlyAndTheTokenNeverGoesInAWriteUrl() throws Exception {
        Reply issued = as(READ_TOKEN, "POST", "/api/stream-tickets", "");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String ticket = issued.json().get("ticket").asText();
        assertThat(issued.json().get("expiresInSeconds").intValue()).isEqualTo(60);
        try (SseRecorder stream = SseRecorder.open(service.http, service.server.url() + "/api/queues/stream?ticket=" + ticket)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.last("queues") != null);
        }
        assertThat(service.getAnonymous("/api/queues?ticket=" + ticket).status()).as("a ticket is no token").isEqualTo(400);
        assertThat(stream("/api/queues/stream?ticket=not-a-ticket").statusCode()).isEqualTo(403);
        assertThat(service.getAnonymous("/api/stream-tickets").status()).isIn(404, 405);
        assertThat(service.send(service.request("/api/stream-tickets").POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(401);
        // No write takes the token from the URL.
        Reply write = service.send(service.request("/api/queues/jobs/messages?access_token=" + TestService.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"payload\":1}")).build());
        assertThat(write.status()).isEqualTo(400);
        assertThat(service.sluice.queues().stats("jobs").depth()).isZero();
    }

    private static HttpResponse<String> stream(String path) throws Exception {
        return service.http.send(service.request(path).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousStreamsCannotTakeTheOperatorsPlaces() throws Exception {
        try (SseRecorder anonymous = SseRecorder.open(service.http, service.server.url() + "/api/leaderboard/all/stream")) {
            // The anonymous limit (1) is full ...
            HttpResponse<String> second = stream("/api/leaderboard/all/stream");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).contains("anonymous").contains("maxStreamClients");
            // ... and the dashboard still gets its streams.
            try (SseRecorder operator = SseRecorder.open(service.http, service.server.url() + "/api/queues/stream?access_token=" + TestService.TOKEN)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> operator.last("queues") != null);
            }
        }
    }

    @Test
    void openRoutesIgnoreCredentialsTheyCannotUse() {
        // e.g. a proxy's Basic auth in front of the dashboard, or a stale token in the browser.
        for (String auth : List.of("Basic Zm9vOmJhcg==", "Bearer stale-token-0123456789")) {
            for (String path : List.of("/", "/health", "/api/leaderboard/windows")) {
                Reply r = service.send(service.request(path).header("Authorization", auth).GET().build());
                assertThat(r.status()).as(auth + " " + path).isEqualTo(200);
            }
        }
    }

    @Test
    void aStreamAsksForTheRightAcceptHeader() {
        Reply plain = service.send(service.request("/api/leaderboard/all/stream").GET().build());
        assertThat(plain.status()).isEqualTo(406);
        assertThat(plain.json().get("message").asText()).contains("Accept: text/event-stream");
    }

    @Test
    void unknownQueryParametersAreRefusedNamingTheAllowedOnes() {
        Reply limit = service.getAnonymous("/api/leaderboard/all?limit=10");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("error").asText()).isEqualTo("unknown_parameter");
        assertThat(limit.json().get("message").asText()).contains("\"limit\"").contains("n, offset, live");
        assertThat(service.get("/api/queues?verbose=1").json().get("message").asText()).contains("takes none");
        assertThat(service.get("/api/queues/jobs/dead-letters?limit=5&after=0").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndARequestId() {
        for (String path : List.of("/", "/dashboard/app.js", "/api/queues", "/nope")) {
            HttpResponse<String> r = raw(path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("X-Request-Id")).as(path).isPresent();
        }
        Reply error = service.getAnonymous("/api/queues");
        assertThat(error.json().get("requestId").asText()).isNotBlank();
    }

    private static HttpResponse<String> raw(String path) {
        try {
            return service.http.send(service.request(path).header("Authorization", "Bearer " + TestService.TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A leaderboard whose reads fail in PostgreSQL with text that must not reach the client: its
     * table is dropped under it, so the error names the schema and the relation.
     */
    @Test
    void aFiveHundredNamesARequestIdAndEchoesNothing() throws Exception {
        String schema = TestDatabase.freshSchemaName("srv_500");
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).maxPoolSize(2).build());
             LeaderboardService failing = new LeaderboardService(
                     Leaderboards.startManual(sluice, LeaderboardConfig.builder().schema(schema).build(), Clock.systemUTC()));
             SluiceServer server = SluiceServer.start(sluice, failing, ServerConfig.builder().port(0).token(TestService.TOKEN).build())) {
            try (Connection c = sluice.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + schema + ".score_event_ids CASCADE"); // the exact read catches up from it first
            }
            HttpResponse<String> r = service.http.send(HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/leaderboard/all")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("internal_error").doesNotContain(schema).doesNotContain("score_event_ids")
                    .doesNotContain("does not exist").doesNotContain("Exception");
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(r.body()).contains("\"requestId\":\"" + id + "\"").contains("request id " + id);
        }
    }
}
