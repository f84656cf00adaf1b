package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestService.Reply;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LeaderboardApiTest {

    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_board");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void ingestSingleAndBatchWithDuplicatesThenTopNPagedAndRank() {
        Reply one = service.post("/api/scores", "{\"eventId\":\"e0\",\"playerId\":\"zoe\",\"score\":500,\"ts\":\"" + java.time.Instant.now().minusSeconds(60) + "\",\"payload\":{\"level\":3}}");
        assertThat(one.status()).as(one.toString()).isEqualTo(201);
        Reply dup = service.post("/api/scores", "{\"eventId\":\"e0\",\"playerId\":\"zoe\",\"score\":900}");
        assertThat(dup.status()).isEqualTo(200);
        assertThat(dup.json().get("duplicates").get(0).intValue()).isZero();
        StringJoiner batch = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 1; i <= 30; i++) {
            batch.add("{\"eventId\":\"b" + i + "\",\"playerId\":\"p" + i + "\",\"score\":" + (i * 10) + "}");
        }
        batch.add("{\"eventId\":\"b1\",\"playerId\":\"p1\",\"score\":1}");
        Reply many = service.post("/api/scores/batch", batch.toString());
        assertThat(many.status()).as(many.toString()).isEqualTo(200);
        assertThat(many.json().get("accepted").intValue()).isEqualTo(30);
        assertThat(many.json().get("duplicates").get(0).intValue()).isEqualTo(30);

        // the query catches up with every commit before it (rank follows the tail, every foldInterval)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.getAnonymous("/api/leaderboard/all?n=5").json()
                .get("entries").findValuesAsText("playerId")).containsExactly("zoe", "p30", "p29", "p28", "p27"));
        JsonNode top = service.getAnonymous("/api/leaderboard/all?n=5").json();
        assertThat(top.get("entries").get(0).get("score").longValue()).as("duplicate not counted").isEqualTo(500);
        assertThat(top.get("nextOffset").intValue()).isEqualTo(5);
        JsonNode page2 = service.getAnonymous("/api/leaderboard/all?n=5&offset=5").json();
        assertThat(page2.get("entries").get(0).get("rank").intValue()).isEqualTo(6);
        assertThat(page2.get("entries").get(0).get("playerId").asText()).isEqualTo("p26");

        JsonNode rank = service.getAnonymous("/api/leaderboard/all/players/p20?neighbours=2").json();
        assertThat(rank.get("player").get("rank").intValue()).isEqualTo(12);
        assertThat(rank.get("above").findValuesAsText("playerId")).containsExactly("p22", "p21");
        assertThat(rank.get("below").findValuesAsText("playerId")).containsExactly("p19", "p18");
        assertThat(service.getAnonymous("/api/leaderboard/windows").json().get("windows").get(0).asText()).isEqualTo("all");
    }

    @Test
    void badLeaderboardInputIs4xxAndWritesNothing() {
        Reply malformed = service.post("/api/scores/batch", "{\"events\":[{\"eventId\":\"x1\",\"playerId\":\"a\",\"score\":1},{\"eventId\":\"x2\",\"playerId\":\"b\",\"score\":\"ten\"}]}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).contains("events[1].score");
        assertThat(service.getAnonymous("/api/leaderboard/all/players/a").status()).as("nothing written").isEqualTo(404);
        assertThat(service.post("/api/scores", "{\"playerId\":\"a\",\"score\":1}").status()).isEqualTo(400);
        assertThat(service.post("/api/scores", "{\"eventId\":\"y\",\"playerId\":\"a\",\"score\":1.5}").status()).isEqualTo(400);
        assertThat(service.post("/api/scores", "{\"eventId\":\"y\",\"playerId\":\"a\",\"score\":1,\"ts\":\"yesterday\"}").status()).isEqualTo(400);
        assertThat(service.getAnonymous("/api/leaderboard/all?n=1001").status()).isEqualTo(400);
        assertThat(service.getAnonymous("/api/leaderboard/all?n=0").status()).isEqualTo(400);
        Reply unknownWindow = service.getAnonymous("/api/leaderboard/decade");
        assertThat(unknownWindow.status()).isEqualTo(404);
        assertThat(unknownWindow.json().get("error").asText()).isEqualTo("unknown_window");
        assertThat(service.getAnonymous("/api/leaderboard/all/players/nobody").status()).isEqualTo(404);
        // playerId has the same length limit on every route: ingest and rank
        String longId = "p".repeat(201);
        Reply longRank = service.getAnonymous("/api/leaderboard/all/players/" + longId);
        assertThat(longRank.status()).isEqualTo(400);
        assertThat(longRank.json().get("message").asText()).contains("playerId", "200");
        assertThat(service.post("/api/scores", "{\"eventId\":\"long\",\"playerId\":\"" + longId + "\",\"score\":1}").status())
                .isEqualTo(400);
        Reply anonymousWrite = service.send(service.request("/api/scores").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"eventId\":\"z\",\"playerId\":\"a\",\"score\":1}")).build());
        assertThat(anonymousWrite.status()).isEqualTo(401);
    }

    @Test
    void liveTopServesThePublishedSnapshotOnceItArrives() {
        service.post("/api/scores", "{\"eventId\":\"live-1\",\"playerId\":\"liv\",\"score\":9000000}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                service.getAnonymous("/api/leaderboard/all?n=3&live=true").json().get("entries").get(0).get("playerId").asText())
                .isEqualTo("liv"));
        assertThat(service.getAnonymous("/api/leaderboard/all?n=3&live=maybe").status()).isEqualTo(400);
        Reply withOffset = service.getAnonymous("/api/leaderboard/all?n=3&offset=3&live=true");
        assertThat(withOffset.status()).isEqualTo(400);
        assertThat(withOffset.json().get("message").asText()).contains("offset");
    }

    @Test
    void streamSendsAtMostOneFramePerIntervalAndAlwaysTheLatest() throws Exception {
        try (SseRecorder recorder = SseRecorder.open(service.http, service.server.url() + "/api/leaderboard/all/stream")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.frames() > 0);
            int before = recorder.frames();
            long start = System.nanoTime();
            // A new best every 100 ms for 3 s: the leaderboard publishes a snapshot every 500 ms,
            // the stream may send one frame a second (the default stream interval).
            for (int i = 1; i <= 30; i++) {
                service.post("/api/scores", "{\"eventId\":\"pace-" + i + "\",\"playerId\":\"pacer\",\"score\":" + (50_000_000 + i) + "}");
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(recorder.frames() - before).as("frames in %.1f s", seconds).isBetween(1, (int) Math.ceil(seconds) + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last("leaderboard").contains("\"score\":50000030"));
        }
    }

    @Test
    void privateLeaderboardNeedsTheToken() {
        try (TestService closed = new TestService("srv_board_private", b -> b.publicLeaderboard(false))) {
            assertThat(closed.getAnonymous("/api/leaderboard/all").status()).isEqualTo(401);
            assertThat(closed.getAnonymous("/api/leaderboard/all/stream").status()).isEqualTo(401);
            assertThat(closed.get("/api/leaderboard/all").status()).isEqualTo(200);
        }
    }

    @Test
    void streamDeliversAnUpdateAfterAnIngest() throws Exception {
        try (SseRecorder recorder = SseRecorder.open(service.http, service.server.url() + "/api/leaderboard/all/stream")) {
            service.post("/api/scores", "{\"eventId\":\"s1\",\"playerId\":\"streamer\",\"score\":1000000}");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last("leaderboard") != null
                    && recorder.last("leaderboard").contains("\"playerId\":\"streamer\""));
            JsonNode frame = dev.sluice.server.api.Json.MAPPER.readTree(recorder.last("leaderboard"));
            assertThat(frame.get("window").asText()).isEqualTo("all");
            assertThat(frame.get("entries").get(0).get("playerId").asText()).isEqualTo("streamer");
            assertThat(frame.get("entries").size()).isLessThanOrEqualTo(100);
        }
        assertThat(service.getAnonymous("/api/leaderboard/decade/stream").status()).isEqualTo(404);
    }
}
