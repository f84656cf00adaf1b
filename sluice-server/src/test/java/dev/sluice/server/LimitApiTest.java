package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.QueueLimits;
import dev.sluice.server.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A queue's global limits over HTTP: set, read back (also in the statistics), remove, and refusals. */
class LimitApiTest {

    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_limits");
        service.put("/api/queues/calls");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void setReadAndRemove() {
        Reply set = service.put("/api/queues/calls/limits", "{\"maxConcurrentBatches\":2,\"rateLimit\":1000.5,\"rateBurst\":80}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("effectiveBurst").intValue()).isEqualTo(80);
        assertThat(service.sluice.queues().limits("calls")).isEqualTo(new QueueLimits(2, 1000.5, 80));

        Reply read = service.get("/api/queues/calls/limits");
        assertThat(read.json().get("maxConcurrentBatches").intValue()).isEqualTo(2);
        assertThat(read.json().get("rateLimit").doubleValue()).isEqualTo(1000.5);
        JsonNode stats = service.get("/api/queues/calls").json();
        assertThat(stats.get("limits").get("maxConcurrentBatches").intValue()).isEqualTo(2);
        assertThat(stats.get("batchesRunning").intValue()).isZero();

        Reply rateOnly = service.put("/api/queues/calls/limits", "{\"rateLimit\":100}");
        assertThat(rateOnly.json().get("maxConcurrentBatches").isNull()).isTrue();
        assertThat(rateOnly.json().get("effectiveBurst").intValue()).isEqualTo(5);

        assertThat(service.put("/api/queues/calls/limits", "{}").status()).isEqualTo(200);
        assertThat(service.sluice.queues().limits("calls").isUnlimited()).isTrue();
    }

    @Test
    void badLimitsGet400WithWhatIsWrongAndChangeNothing() {
        service.put("/api/queues/calls/limits", "{\"maxConcurrentBatches\":3}");
        Reply zero = service.put("/api/queues/calls/limits", "{\"maxConcurrentBatches\":0,\"rateLimit\":-1}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.toString()).contains("body.maxConcurrentBatches must be between 1 and 10000").contains("body.rateLimit must be a number");
        Reply text = service.put("/api/queues/calls/limits", "{\"rateLimit\":\"fast\"}");
        assertThat(text.status()).isEqualTo(400);
        Reply burstAlone = service.put("/api/queues/calls/limits", "{\"rateBurst\":10}");
        assertThat(burstAlone.status()).isEqualTo(400);
        assertThat(burstAlone.toString()).contains("body.rateBurst needs body.rateLimit");
        Reply unknownField = service.put("/api/queues/calls/limits", "{\"maxConcurrency\":3}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(service.sluice.queues().limits("calls")).isEqualTo(QueueLimits.maxConcurrentBatches(3));
        assertThat(service.put("/api/queues/nosuchqueue/limits", "{\"maxConcurrentBatches\":1}").status()).isEqualTo(404);
        assertThat(service.get("/api/queues/nosuchqueue/limits").status()).isEqualTo(404);
        service.put("/api/queues/calls/limits", "{}");
    }
}
