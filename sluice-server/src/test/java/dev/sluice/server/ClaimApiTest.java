package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestService.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP consumers on leases: claim, ack, fail, extend; 409 for a wrong or expired token, 403 out of scope, 4xx on bad input. */
class ClaimApiTest {

    static final String CONSUMER = "consumer-token-for-orders-0123456789";
    static final String OTHER = "consumer-token-for-emails-0123456789";
    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_claims", b -> b.consumerToken(CONSUMER, "orders").consumerToken(OTHER, "emails"));
        service.put("/api/queues/orders");
        service.put("/api/queues/emails");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static Reply post(String token, String path, String json) {
        HttpRequest.Builder b = service.request(path).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return service.send(b.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static void enqueue(String queue, int n) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"payload\":{\"n\":").append(i).append("}}");
        }
        assertThat(service.post("/api/queues/" + queue + "/messages/batch", batch.append("]").toString()).status()).isEqualTo(200);
    }

    static List<Long> ids(JsonNode claim) {
        List<Long> ids = new ArrayList<>();
        claim.get("messages").forEach(m -> ids.add(m.get("id").longValue()));
        return ids;
    }

    @Test
    void claimAckFailAndExtendWithAScopedConsumerToken() {
        enqueue("orders", 5);
        Reply claim = post(CONSUMER, "/api/queues/orders/claims", "{\"max\":3,\"leaseSeconds\":60}");
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        JsonNode lease = claim.json();
        assertThat(lease.get("messages")).hasSize(3);
        assertThat(lease.get("messages").get(0).get("payload").get("n").intValue()).isZero();
        assertThat(lease.get("messages").get(0).get("attempts").intValue()).isZero();
        String token = lease.get("token").asText();
        List<Long> ids = ids(lease);
        assertThat(service.sluice.queues().stats("orders").leased()).isEqualTo(3);

        Reply extended = post(CONSUMER, "/api/queues/orders/claims/" + token + "/extend", "{\"leaseSeconds\":600}");
        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(Instant.parse(extended.json().get("deadline").asText())).isAfter(Instant.now().plusSeconds(500));

        Reply acked = post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", "{\"ids\":[" + ids.get(0) + "]}");
        assertThat(acked.json().get("acknowledged").get(0).longValue()).isEqualTo(ids.get(0));
        Reply failed = post(CONSUMER, "/api/queues/orders/claims/" + token + "/fail", "{\"ids\":[" + ids.get(1) + "],\"error\":\"card declined\"}");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.json().get("retried").get(0).longValue()).isEqualTo(ids.get(1));
        Reply rest = post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", null); // no body: every message left
        assertThat(rest.json().get("acknowledged")).hasSize(1);
        // Settled: the token holds nothing any more.
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", null).status()).isEqualTo(409);

        // The admin token may consume too; the rest of the queue, then nothing.
        Reply second = post(TestService.TOKEN, "/api/queues/orders/claims", "{\"max\":150}");
        assertThat(second.json().get("messages")).hasSize(2);
        assertThat(post(TestService.TOKEN, "/api/queues/orders/claims/" + second.json().get("token").asText() + "/ack", "{}").status()).isEqualTo(200);
        Reply none = post(CONSUMER, "/api/queues/orders/claims", null);
        assertThat(none.json().get("messages")).isEmpty();
        assertThat(none.json().get("token").isNull()).isTrue();
    }

    @Test
    void wrongOrExpiredTokensGet409() {
        enqueue("orders", 1);
        Reply claim = post(CONSUMER, "/api/queues/orders/claims", "{\"max\":1,\"leaseSeconds\":1}");
        String token = claim.json().get("token").asText();
        String unknown = UUID.randomUUID().toString();
        for (String action : List.of("ack", "fail", "extend")) {
            Reply wrong = post(CONSUMER, "/api/queues/orders/claims/" + unknown + "/" + action, null);
            assertThat(wrong.status()).as(action + ": " + wrong).isEqualTo(409);
            assertThat(wrong.json().get("error").asText()).isEqualTo("lease_lost");
        }
        // Expired: redelivered by maintenance about a second after the deadline, then the old token is refused.
        await().atMost(Duration.ofSeconds(20)).until(() -> service.sluice.queues().stats("orders").leased() == 0);
        Reply late = post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("message").asText()).contains("is not held");
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/extend", "{\"leaseSeconds\":30}").status()).isEqualTo(409);
        Reply again = post(CONSUMER, "/api/queues/orders/claims", "{\"max\":10}");
        assertThat(again.json().get("messages").get(0).get("attempts").intValue()).as("the expired delivery counted").isEqualTo(1);
        post(CONSUMER, "/api/queues/orders/claims/" + again.json().get("token").asText() + "/ack", null);
    }

    @Test
    void consumerTokensAreScopedToTheirQueues() {
        Reply otherQueue = post(CONSUMER, "/api/queues/emails/claims", "{}");
        assertThat(otherQueue.status()).isEqualTo(403);
        assertThat(otherQueue.json().get("message").asText()).contains("may not consume queue \"emails\"").contains("orders");
        assertThat(post(OTHER, "/api/queues/emails/claims", "{}").status()).isEqualTo(200);
        // A consumer token grants nothing else: no reads, no enqueue.
        assertThat(service.send(service.request("/api/queues/orders").header("Authorization", "Bearer " + CONSUMER).GET().build()).status())
                .isEqualTo(403);
        assertThat(post(CONSUMER, "/api/queues/orders/messages", "{\"payload\":1}").status()).isEqualTo(403);
        assertThat(service.send(service.request("/api/queues/orders/claims").POST(HttpRequest.BodyPublishers.noBody()).build()).status())
                .isEqualTo(401);
        assertThat(post("not-a-token-at-all-0123456789", "/api/queues/orders/claims", "{}").status()).isEqualTo(403);
    }

    @Test
    void badInputGets4xxWithAMessageAndChangesNothing() {
        enqueue("orders", 1);
        long depth = service.sluice.queues().stats("orders").depth();
        Reply tooMany = post(CONSUMER, "/api/queues/orders/claims", "{\"max\":0,\"leaseSeconds\":99999999}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("body.max must be between 1 and").contains("body.leaseSeconds must be between 1 and 43200");
        assertThat(post(CONSUMER, "/api/queues/orders/claims", "{\"lease\":30}").status()).isEqualTo(400);
        assertThat(post(CONSUMER, "/api/queues/orders/claims", "{\"max\":").status()).isEqualTo(400);
        Reply badToken = post(CONSUMER, "/api/queues/orders/claims/not-a-uuid/ack", null);
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.json().get("message").asText()).contains("lease token must be the token a claim returned");
        String token = UUID.randomUUID().toString();
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", "{\"ids\":[]}").body()).contains("body.ids must be a non-empty array");
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/ack", "{\"ids\":[\"x\",-1]}").body())
                .contains("body.ids[0] must be a positive whole number").contains("body.ids[1]");
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/extend", "{\"leaseSeconds\":0}").status()).isEqualTo(400);
        assertThat(post(CONSUMER, "/api/queues/orders/claims/" + token + "/fail", "{\"error\":5}").status()).isEqualTo(400);
        assertThat(post(TestService.TOKEN, "/api/queues/nosuch/claims", "{}").status()).isEqualTo(404);
        assertThat(service.sluice.queues().stats("orders").depth()).isEqualTo(depth);
        assertThat(service.sluice.queues().stats("orders").leased()).isZero();
        // Leave the queue empty for the other tests.
        Reply drain = post(CONSUMER, "/api/queues/orders/claims", "{\"max\":100}");
        post(CONSUMER, "/api/queues/orders/claims/" + drain.json().get("token").asText() + "/ack", null);
    }
}
