package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.QueueLimits;
import dev.sluice.server.TestService.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP consumer claims under the queue's global limits: the rate limit gives fewer messages (200 with
 * heldBack) or none (429 with Retry-After and retryAfterMs); a claim holds a maxConcurrentBatches slot
 * until its lease is settled, and no free slot is a 429 too.
 */
class ClaimLimitApiTest {

    static final String CONSUMER = "consumer-token-for-limited-0123456789";
    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_claim_limits", b -> b.consumerToken(CONSUMER, "paced").consumerToken(CONSUMER + "-2", "single"));
        service.put("/api/queues/paced");
        service.put("/api/queues/single");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static HttpResponse<String> claim(String token, String queue, int max) throws Exception {
        HttpRequest request = service.request("/api/queues/" + queue + "/claims").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"max\":" + max + "}")).build();
        return service.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void enqueue(String queue, int n) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"payload\":{\"n\":").append(i).append("}}");
        }
        assertThat(service.post("/api/queues/" + queue + "/messages/batch", batch.append("]").toString()).status()).isEqualTo(200);
    }

    static JsonNode json(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.body(), "application/json").json();
    }

    @Test
    void rateLimitGivesFewerMessagesThenA429WithRetryAfter() throws Exception {
        service.sluice.queues().setLimits("paced", new QueueLimits(null, 2.0, 4));
        enqueue("paced", 20);

        HttpResponse<String> first = claim(CONSUMER, "paced", 10);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("messages")).as("the burst: 4 of the 10 asked for").hasSize(4);
        assertThat(json(first).get("heldBack").get("limit").asText()).isEqualTo("rateLimit");
        assertThat(json(first).get("heldBack").get("retryAfterMs").longValue()).isPositive();

        HttpResponse<String> throttled = claim(CONSUMER, "paced", 10);
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        JsonNode body = json(throttled);
        assertThat(body.get("error").asText()).isEqualTo("rate_limited");
        assertThat(body.get("limit").asText()).isEqualTo("rateLimit");
        assertThat(body.get("retryAfterMs").longValue()).isBetween(1L, 2_000L);
        assertThat(body.get("message").asText()).contains("rateLimit").contains("retryAfterMs");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));

        // A consumer that waits as told gets the refill: over the whole run no more than burst + t * rate.
        long started = System.nanoTime();
        int got = json(first).get("messages").size();
        while (got < 10) {
            HttpResponse<String> r = claim(CONSUMER, "paced", 10);
            if (r.statusCode() == 429) {
                Thread.sleep(json(r).get("retryAfterMs").longValue()); // as a consumer is told to
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            got += json(r).get("messages").size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(got).isLessThanOrEqualTo((int) (4 + Math.ceil(seconds * 2.0)) + 1);
        assertThat(seconds).as("6 more messages at 2/s").isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void aClaimHoldsAConcurrencySlotUntilItsLeaseIsSettled() throws Exception {
        service.sluice.queues().setLimits("single", QueueLimits.maxConcurrentBatches(1));
        enqueue("single", 4);
        String token = CONSUMER + "-2";

        HttpResponse<String> first = claim(token, "single", 2);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("messages")).hasSize(2);
        assertThat(json(first).get("heldBack").isNull()).isTrue();

        HttpResponse<String> refused = claim(token, "single", 2);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(json(refused).get("error").asText()).isEqualTo("concurrency_limited");
        assertThat(json(refused).get("message").asText()).contains("maxConcurrentBatches");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        HttpRequest ack = service.request("/api/queues/single/claims/" + json(first).get("token").asText() + "/ack")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        Reply acked = service.send(ack);
        assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> claim(token, "single", 2).statusCode() == 200);
    }
}
