package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueStreamTest {

    @Test
    void streamPushesQueueStatsEverySecondAndSeesAnEnqueue() throws Exception {
        try (TestService service = new TestService("srv_qstream");
             SseRecorder recorder = SseRecorder.open(service.http, service.server.url() + "/api/queues/stream?access_token=" + TestService.TOKEN)) {
            service.put("/api/queues/watched");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last("queues") != null
                    && recorder.last("queues").contains("\"queue\":\"watched\""));
            assertThat(recorder.last("queues")).contains("\"depth\":0").contains("processedPerSecond");
            service.post("/api/queues/watched/messages/batch", "[{\"payload\":1},{\"payload\":2}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last("queues").contains("\"depth\":2"));
            assertThat(service.server.streamClients()).isEqualTo(1);
        }
    }

    @Test
    void aNewClientsFirstFrameIsCurrentAndBringsTheRateHistoryAndTheWorkers() throws Exception {
        try (TestService service = new TestService("srv_qstream_fresh", b -> b.streamInterval(Duration.ofMillis(200)))) {
            service.put("/api/queues/fresh");
            String url = service.server.url() + "/api/queues/stream?access_token=" + TestService.TOKEN;
            try (SseRecorder first = SseRecorder.open(service.http, url)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.frames() >= 3);
            }
            // Nobody watches while the queue changes; the next client must still see it in its first frame.
            service.post("/api/queues/fresh/messages/batch", "[{\"payload\":1},{\"payload\":2},{\"payload\":3}]");
            long changedAt = System.currentTimeMillis();
            service.put("/api/queues/consumed");
            try (dev.sluice.worker.Workers w = service.sluice.startWorkers("consumed", dev.sluice.worker.WorkerOptions.builder().concurrency(3).build(),
                    batch -> { });
                 SseRecorder second = SseRecorder.open(service.http, url)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> second.frames() >= 1);
                // The very first frame: (frames() counts it; last() may already be a later one, so read the history field).
                com.fasterxml.jackson.databind.JsonNode frame = dev.sluice.server.api.Json.MAPPER.readTree(second.first("queues"));
                // Current: at most two periods older than the moment it connected (after the change), read afresh otherwise.
                assertThat(frame.get("at").longValue()).isGreaterThanOrEqualTo(changedAt - 2 * 200);
                await().atMost(Duration.ofSeconds(10)).until(() -> second.last("queues").contains("\"queue\":\"fresh\",\"paused\":false,\"depth\":3"));
                assertThat(frame.get("history").get("fresh").get("processed").size()).as("rate history for the charts").isGreaterThanOrEqualTo(2);
                // Worker threads of this process per queue: "fresh" has messages and nobody consuming them.
                await().atMost(Duration.ofSeconds(10)).until(() -> second.last("queues").matches(".*\"queue\":\"consumed\"[^}]*\"workers\":3.*"));
                assertThat(second.last("queues")).containsPattern("\"queue\":\"fresh\"[^}]*\"workers\":0");
            }
        }
    }

    @Test
    void streamNeedsTheToken() {
        try (TestService service = new TestService("srv_qstream_auth")) {
            TestService.Reply r = service.send(service.request("/api/queues/stream").header("Accept", "text/event-stream").GET().build());
            assertThat(r.status()).isEqualTo(401);
        }
    }
}
