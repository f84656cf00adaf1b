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
    void streamNeedsTheToken() {
        try (TestService service = new TestService("srv_qstream_auth")) {
            TestService.Reply r = service.send(service.request("/api/queues/stream").header("Accept", "text/event-stream").GET().build());
            assertThat(r.status()).isEqualTo(401);
        }
    }
}
