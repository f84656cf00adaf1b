package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.Message;
import dev.sluice.server.TestService.Reply;
import dev.sluice.server.api.Access;
import dev.sluice.server.api.Route;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueueApiTest {

    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_queue");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String newQueue(String name) {
        assertThat(service.put("/api/queues/" + name).status()).isEqualTo(201);
        return name;
    }

    @Test
    void createIsIdempotentAndStatsReadBack() {
        newQueue("created");
        Reply again = service.put("/api/queues/created");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created").booleanValue()).isFalse();
        Reply stats = service.get("/api/queues/created");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().get("depth").longValue()).isZero();
        Reply list = service.get("/api/queues");
        assertThat(list.json().get("queues").findValuesAsText("queue")).contains("created");
    }

    @Test
    void enqueueSingleWithIdempotencyKeyPriorityRunAtAndOrderingKey() {
        newQueue("single");
        String body = "{\"payload\":{\"order\":7},\"priority\":-5,\"runAt\":\"2030-01-01T00:00:00Z\",\"idempotencyKey\":\"order-7\",\"orderingKey\":\"customer-1\"}";
        Reply first = service.post("/api/queues/single/messages", body);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("duplicate").booleanValue()).isFalse();
        Reply second = service.post("/api/queues/single/messages", body);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("duplicate").booleanValue()).isTrue();
        assertThat(second.json().get("id").longValue()).isEqualTo(first.json().get("id").longValue());
        JsonNode stats = service.get("/api/queues/single").json();
        assertThat(stats.get("depth").longValue()).isEqualTo(1);
        assertThat(stats.get("ready").longValue()).as("runAt in 2030: not ready").isZero();
    }

    @Test
    void batchEnqueueReportsDuplicates() {
        newQueue("batch");
        Reply r = service.post("/api/queues/batch/messages/batch",
                "{\"messages\":[{\"payload\":1},{\"payload\":2,\"idempotencyKey\":\"k\"},{\"payload\":\"three\"}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("enqueued").longValue()).isEqualTo(3);
        Reply again = service.post("/api/queues/batch/messages/batch", "[{\"payload\":4,\"idempotencyKey\":\"k\"},{\"payload\":5}]");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicates").longValue()).isEqualTo(1);
        assertThat(again.json().get("results").get(0).get("duplicate").booleanValue()).isTrue();
        assertThat(service.get("/api/queues/batch").json().get("depth").longValue()).isEqualTo(4);
    }

    @Test
    void batchIsAllOrNothing() {
        newQueue("atomic");
        Reply wrongType = service.post("/api/queues/atomic/messages/batch",
                "{\"messages\":[{\"payload\":1},{\"payload\":2},{\"payload\":3,\"priority\":\"high\"},{\"payload\":4,\"runAt\":\"tomorrow\"}]}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("message").asText()).contains("messages[2].priority").contains("Nothing was written");
        assertThat(wrongType.json().get("details").toString()).contains("messages[3].runAt");
        Reply outOfRange = service.post("/api/queues/atomic/messages/batch",
                "{\"messages\":[{\"payload\":1},{\"payload\":2,\"priority\":40000}]}");
        assertThat(outOfRange.status()).isEqualTo(400);
        Reply tooLongKey = service.post("/api/queues/atomic/messages/batch",
                "{\"messages\":[{\"payload\":1},{\"payload\":2,\"idempotencyKey\":\"" + "k".repeat(Message.MAX_KEY_LENGTH + 1) + "\"}]}");
        assertThat(tooLongKey.status()).isEqualTo(400);
        Reply unknownField = service.post("/api/queues/atomic/messages/batch", "{\"messages\":[{\"payload\":1,\"priorty\":1}]}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("message").asText()).contains("priorty");
        Reply notArray = service.post("/api/queues/atomic/messages/batch", "{\"messages\":{\"payload\":1}}");
        assertThat(notArray.status()).isEqualTo(400);
        Reply empty = service.post("/api/queues/atomic/messages/batch", "{\"messages\":[]}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(service.get("/api/queues/atomic").json().get("depth").longValue()).isZero();
    }

    @Test
    void batchOverTheSizeLimitIs413AndWritesNothing() {
        try (TestService small = new TestService("srv_small", b -> b.maxBatchSize(3).maxBodyBytes(2048))) {
            small.put("/api/queues/q");
            Reply tooMany = small.post("/api/queues/q/messages/batch", "[{\"payload\":1},{\"payload\":2},{\"payload\":3},{\"payload\":4}]");
            assertThat(tooMany.status()).isEqualTo(413);
            assertThat(tooMany.json().get("error").asText()).isEqualTo("batch_too_large");
            Reply tooBig = small.post("/api/queues/q/messages", "{\"payload\":\"" + "x".repeat(3000) + "\"}");
            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(tooBig.json().get("message").asText()).contains("2048");
            // No Content-Length: the limit is enforced while reading.
            Reply chunked = small.send(small.request("/api/queues/q/messages").header("Authorization", "Bearer " + TestService.TOKEN)
                    .header("Content-Type", "application/json").POST(streamed("{\"payload\":\"" + "y".repeat(5000) + "\"}")).build());
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(small.get("/api/queues/q").json().get("depth").longValue()).isZero();
        }
    }

    /** A body publisher of unknown length, sent chunked. */
    private static HttpRequest.BodyPublisher streamed(String text) {
        HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofString(text);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
    }

    @Test
    void badInputGets4xxJson() {
        newQueue("bad");
        Reply malformed = service.post("/api/queues/bad/messages", "{\"payload\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).contains("not valid JSON");
        Reply notObject = service.post("/api/queues/bad/messages", "[1,2]");
        assertThat(notObject.status()).isEqualTo(400);
        Reply emptyBody = service.post("/api/queues/bad/messages", "");
        assertThat(emptyBody.status()).isEqualTo(400);
        Reply wrongType = service.send(service.request("/api/queues/bad/messages").header("Authorization", "Bearer " + TestService.TOKEN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"payload\":1}")).build());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.json().get("error").asText()).isEqualTo("unsupported_media_type");
        Reply unknownQueue = service.post("/api/queues/nosuchqueue/messages", "{\"payload\":1}");
        assertThat(unknownQueue.status()).isEqualTo(404);
        assertThat(unknownQueue.json().get("error").asText()).isEqualTo("unknown_queue");
        assertThat(service.get("/api/queues/nosuchqueue").status()).isEqualTo(404);
        assertThat(service.post("/api/queues/nosuchqueue/pause", "{}").status()).isEqualTo(404);
        assertThat(service.get("/api/queues/nosuchqueue/dead-letters").status()).isEqualTo(404);
        assertThat(service.post("/api/queues/nosuchqueue/dead-letters/redrive", "{\"all\":true}").status()).isEqualTo(404);
        Reply badName = service.post("/api/queues/Bad-Name/messages", "{\"payload\":1}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(service.get("/api/queues/bad/dead-letters?limit=abc").status()).isEqualTo(400);
        assertThat(service.get("/api/queues/bad/dead-letters?limit=100000").status()).isEqualTo(400);
        Reply noRoute = service.get("/api/nothing-here");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("error").asText()).isEqualTo("not_found");
        assertThat(service.get("/api/queues/bad").json().get("depth").longValue()).isZero();
    }

    @Test
    void everyTokenRouteRefusesMissingAndWrongTokens() {
        List<Route> guarded = service.server.routes().stream().filter(r -> r.access() == Access.TOKEN || r.access() == Access.READ).toList();
        assertThat(guarded).hasSizeGreaterThan(8);
        for (Route route : guarded) {
            String path = route.path().replace("{queue}", "anyqueue").replace("{window}", "all").replace("{playerId}", "p1")
                    .replace("{schedule}", "any-schedule").replace("{stream}", "anystream").replace("{subscription}", "anysub");
            HttpRequest.Builder base = service.request(path).header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString("{}"));
            Reply none = service.send(base.build());
            assertThat(none.status()).as(route + " without token").isEqualTo(401);
            assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
            Reply wrong = service.send(service.request(path).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer wrong-token-xxxxxxxxxxxx")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(wrong.status()).as(route + " with a wrong token").isEqualTo(403);
        }
        Reply basic = service.send(service.request("/api/queues").header("Authorization", "Basic Zm9vOmJhcg==").GET().build());
        assertThat(basic.status()).isEqualTo(401);
        // A token in the URL is refused everywhere but on event streams.
        Reply queryToken = service.getAnonymous("/api/queues?access_token=" + TestService.TOKEN);
        assertThat(queryToken.status()).isEqualTo(400);
        assertThat(queryToken.json().get("message").asText()).contains("only by event streams").doesNotContain(TestService.TOKEN);
    }

    @Test
    void pauseAndResume() {
        newQueue("pausable");
        Reply paused = service.post("/api/queues/pausable/pause", "");
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(service.get("/api/queues/pausable").json().get("paused").booleanValue()).isTrue();
        assertThat(service.post("/api/queues/pausable/resume", "").status()).isEqualTo(200);
        assertThat(service.get("/api/queues/pausable").json().get("paused").booleanValue()).isFalse();
    }

    @Test
    void deadLettersListAndRedrive() {
        newQueue("poison");
        service.post("/api/queues/poison/messages/batch", "[{\"payload\":{\"n\":1}},{\"payload\":{\"n\":2}}]");
        WorkerOptions once = WorkerOptions.builder().concurrency(1).maxAttempts(1).build();
        try (Workers workers = service.sluice.startWorkers("poison", once, batch -> {
            throw new IllegalStateException("always fails");
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.get("/api/queues/poison/dead-letters").json().get("deadLetters").size() == 2);
        }
        JsonNode letters = service.get("/api/queues/poison/dead-letters?limit=1").json();
        assertThat(letters.get("deadLetters")).hasSize(1);
        assertThat(letters.get("deadLetters").get(0).get("lastError").asText()).contains("always fails");
        long firstId = letters.get("deadLetters").get(0).get("id").longValue();
        assertThat(letters.get("next").longValue()).isEqualTo(firstId);
        assertThat(service.get("/api/queues/poison/dead-letters?after=" + firstId).json().get("deadLetters")).hasSize(1);

        assertThat(service.post("/api/queues/poison/dead-letters/redrive", "{}").status()).isEqualTo(400);
        assertThat(service.post("/api/queues/poison/dead-letters/redrive", "{\"ids\":[\"x\"]}").status()).isEqualTo(400);
        Reply redriven = service.post("/api/queues/poison/dead-letters/redrive", "{\"ids\":[" + firstId + "]}");
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().get("redriven").get(0).longValue()).isEqualTo(firstId);
        assertThat(service.get("/api/queues/poison/dead-letters").json().get("deadLetters")).hasSize(1);
        assertThat(service.get("/api/queues/poison").json().get("depth").longValue()).isEqualTo(1);
        Reply all = service.post("/api/queues/poison/dead-letters/redrive", "{\"all\":true}");
        assertThat(all.json().get("redriven")).hasSize(1);
        assertThat(service.get("/api/queues/poison/dead-letters").json().get("deadLetters")).isEmpty();
    }

    @Test
    void healthReadinessAndMetrics() {
        Reply health = service.getAnonymous("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("up");
        Reply ready = service.getAnonymous("/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("up");
        assertThat(ready.json().get("checks").toString()).contains("migrations.core");

        newQueue("metered");
        try (Workers w = service.sluice.startWorkers("metered", WorkerOptions.builder().concurrency(1).build(), batch -> { })) {
            service.post("/api/queues/metered/messages", "{\"payload\":1}");
            await().atMost(Duration.ofSeconds(20)).until(() -> service.getAnonymous("/metrics").body()
                    .contains("sluice_messages_processed_total{queue=\"metered\"} 1.0"));
        }
        Reply metrics = service.getAnonymous("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("sluice_queue_depth{queue=\"metered\"}")
                .contains("sluice_http_server_requests_seconds_count{method=\"POST\",route=\"/api/queues/{queue}/messages\",status=\"201\"}")
                .contains("sluice_server_sse_clients")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void metricsCanRequireTheToken() {
        try (TestService closed = new TestService("srv_closed", b -> b.publicMetrics(false))) {
            assertThat(closed.getAnonymous("/metrics").status()).isEqualTo(401);
            assertThat(closed.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void unknownMethodOnKnownPathIsJson() {
        Reply r = service.send(service.request("/health").DELETE().build());
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.body()).startsWith("{");
        assertThat(Map.of()).isEmpty();
    }
}
