package dev.sluice.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.leaderboard.LeaderboardService;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service ingest figure counts what committed and what the responses said; failed requests count for nothing. */
class HttpIngestTest {

    static final String TOKEN = "bench-token-0123456789abcdef";
    static String schema;
    static Sluice sluice;
    static LeaderboardService board;
    static SluiceServer server;

    @BeforeAll
    static void start() {
        schema = TestDatabase.freshSchemaName("t_http_ingest");
        sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).maxPoolSize(6).build());
        board = new LeaderboardService(Leaderboards.start(sluice, LeaderboardConfig.builder().schema(schema).build()));
        server = SluiceServer.start(sluice, board, ServerConfig.builder().port(0).token(TOKEN).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        board.close();
        sluice.close();
    }

    @Test
    void onlyTwoHundredsWithAnAcceptedCountCountEvents() {
        IngestTally tally = new IngestTally();
        tally.response(201, "{\"accepted\":100,\"duplicates\":[],\"errors\":[]}");
        tally.response(200, "{\"accepted\":97,\"duplicates\":[4,7],\"errors\":[{\"index\":9,\"message\":\"score must be a number\"}]}");
        tally.response(500, "{\"error\":\"database unavailable\"}");
        tally.response(429, "");
        tally.response(200, "<html>proxy error</html>");
        tally.response(200, "{\"accepted\":\"many\"}");
        tally.error(new IOException("connection reset"));

        IngestTally.Counts counts = tally.counts();
        assertThat(counts.requests()).isEqualTo(7);
        assertThat(counts.accepted()).isEqualTo(197);
        assertThat(counts.duplicates()).isEqualTo(2);
        assertThat(counts.rejectedEvents()).isEqualTo(1);
        assertThat(counts.failedRequests()).isEqualTo(5);
        assertThat(counts.firstFailure()).isEqualTo("HTTP 500: {\"error\":\"database unavailable\"}");
    }

    @Test
    void theFigureIsWhatCommittedAndAgreesWithTheResponses() throws Exception {
        HttpIngest.Figures figures = HttpIngest.run(server.url(), TOKEN, sluice.dataSource(), schema, 2, 20, Duration.ofSeconds(1));

        assertThat(figures.counts().failedRequests()).as(figures.describe()).isZero();
        assertThat(figures.counts().requests()).isPositive();
        assertThat(figures.inDatabase()).isEqualTo(figures.counts().requests() * 20).isEqualTo(figures.counts().accepted());
        assertThat(figures.consistent()).isTrue();
        assertThat(figures.eventsPerSecond()).isPositive();
    }

    @Test
    void refusedRequestsAreFailuresAndCountNoEvents() throws Exception {
        HttpIngest.Figures figures = HttpIngest.run(server.url(), "not-the-token", sluice.dataSource(), schema, 2, 20, Duration.ofMillis(500));

        assertThat(figures.counts().requests()).isPositive();
        assertThat(figures.counts().failedRequests()).isEqualTo(figures.counts().requests());
        assertThat(figures.counts().accepted()).isZero();
        assertThat(figures.inDatabase()).isZero();
        assertThat(figures.eventsPerSecond()).isZero();
        assertThat(figures.counts().firstFailure()).startsWith("HTTP 403");
        assertThat(figures.describe()).contains("0 events/s committed").contains("failed");
    }

    @Test
    void wrksNonTwoHundredLineIsRead() {
        assertThat(ServiceLoadCheck.non2xx("  Latency 1ms\n  Non-2xx or 3xx responses: 17\nRequests/sec: 5.0\n")).isEqualTo(17);
        assertThat(ServiceLoadCheck.non2xx("Requests/sec: 5.0\n")).isZero();
    }
}
