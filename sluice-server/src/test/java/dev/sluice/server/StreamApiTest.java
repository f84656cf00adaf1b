package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.streams.StreamStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stream endpoints against a real database: append, read, subscriptions and lag, reset, and every refusal. */
class StreamApiTest {

    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_streams", b -> b.maxBodyBytes(4 * 1024 * 1024).maxBatchSize(50));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static long events(String stream) {
        return service.streams.stats(stream).events();
    }

    @Test
    void appendReadAndFollowASubscriptionsLagAndReset() {
        TestService.Reply created = service.put("/api/streams/orders", "{\"partitionSeconds\":60,\"retentionSeconds\":3600}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().at("/options/retentionSeconds").asLong()).isEqualTo(3600);
        assertThat(service.put("/api/streams/orders").status()).isEqualTo(200); // exists: 200, retention back to the default
        assertThat(service.get("/api/streams").json().get("streams").toString()).contains("\"orders\"");

        assertThat(service.put("/api/streams/orders/subscriptions/audit").status()).isEqualTo(201);
        assertThat(service.put("/api/streams/orders/subscriptions/audit", "{\"from\":\"latest\"}").json().get("created").asBoolean()).isFalse();

        TestService.Reply one = service.post("/api/streams/orders/events", "{\"key\":\"o1\",\"payload\":{\"total\":12}}");
        assertThat(one.status()).as(one.toString()).isEqualTo(201);
        long firstId = one.json().get("id").asLong();
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 9; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"key\":\"o").append(i % 3).append("\",\"payload\":{\"n\":").append(i).append("}}");
        }
        TestService.Reply many = service.post("/api/streams/orders/events/batch", batch.append("]}").toString());
        assertThat(many.status()).as(many.toString()).isEqualTo(200);
        assertThat(many.json().get("appended").asInt()).isEqualTo(9);
        assertThat(events("orders")).isEqualTo(10);

        // read a range: pages in id order, with the next page's start
        JsonNode page = service.get("/api/streams/orders/events?from=" + firstId + "&limit=4").json();
        assertThat(page.get("events")).hasSize(4);
        assertThat(page.at("/events/0/payload/total").asInt()).isEqualTo(12);
        assertThat(page.at("/events/0/key").asText()).isEqualTo("o1");
        JsonNode rest = service.get("/api/streams/orders/events?from=" + page.get("next").asLong() + "&limit=100").json();
        assertThat(rest.get("events")).hasSize(6);
        assertThat(rest.get("next").isNull()).isTrue();

        // lag: every event is unconsumed
        JsonNode subs = service.get("/api/streams/orders/subscriptions").json().get("subscriptions");
        assertThat(subs).hasSize(1);
        assertThat(subs.at("/0/name").asText()).isEqualTo("audit");
        assertThat(subs.at("/0/lagEvents").asLong()).isEqualTo(10);
        assertThat(subs.at("/0/behindRetention").asBoolean()).isFalse();

        // consume 4 in the library, then see the lag over HTTP, then replay from the start
        service.streams.poll("orders", "audit", 4, b -> { });
        assertThat(service.get("/api/streams/orders").json().at("/subscriptions/0/lagEvents").asLong()).isEqualTo(6);
        TestService.Reply reset = service.post("/api/streams/orders/subscriptions/audit/reset", "{\"from\":\"earliest\"}");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.json().at("/position/id").asLong()).isZero();
        assertThat(service.get("/api/streams/orders/subscriptions").json().at("/subscriptions/0/lagEvents").asLong()).isEqualTo(10);
        // forward past event firstId, by id, and to the end
        assertThat(service.post("/api/streams/orders/subscriptions/audit/reset", "{\"afterEvent\":" + firstId + "}").status()).isEqualTo(200);
        assertThat(service.streams.stats("orders").subscriptions().get(0).lagEvents()).isEqualTo(9);
        assertThat(service.post("/api/streams/orders/subscriptions/audit/reset", "{\"from\":\"latest\"}").status()).isEqualTo(200);
        assertThat(service.streams.stats("orders").subscriptions().get(0).lagEvents()).isZero();
        String position = service.get("/api/streams/orders/subscriptions").json().at("/subscriptions/0/position").toString();
        assertThat(service.post("/api/streams/orders/subscriptions/audit/reset", "{\"position\":" + position + "}").status()).isEqualTo(200);
        assertThat(service.post("/api/streams/orders/subscriptions/audit/reset", "{\"time\":\"2000-01-01T00:00:00Z\"}").status()).isEqualTo(200);
        assertThat(service.streams.stats("orders").subscriptions().get(0).lagEvents()).isEqualTo(10);

        assertThat(service.delete("/api/streams/orders/subscriptions/audit").status()).isEqualTo(200);
        assertThat(service.delete("/api/streams/orders/subscriptions/audit").json().get("error").asText()).isEqualTo("unknown_subscription");
        assertThat(service.streams.stats("orders").subscriptions()).isEmpty();
    }

    @Test
    void malformedAndOversizedAppendsAreRefusedWithAClearErrorAndNothingIsWritten() {
        service.put("/api/streams/strict");
        service.put("/api/streams/strict/subscriptions/s");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"/events", "{\"key\":\"k\"}", "400", "body.payload is required"});
        cases.add(new String[] {"/events", "{\"payload\":null}", "400", "body.payload is required"});
        cases.add(new String[] {"/events", "{\"payload\":1,\"extra\":2}", "400", "unknown field \\\"extra\\\""});
        cases.add(new String[] {"/events", "{\"key\":7,\"payload\":1}", "400", "body.key must be a string"});
        cases.add(new String[] {"/events", "{\"key\":\"" + "k".repeat(1001) + "\",\"payload\":1}", "400", "body.key must be 1 to 1000 characters"});
        cases.add(new String[] {"/events", "{\"key\":\"a\\u0000b\",\"payload\":1}", "400", "NUL"});
        cases.add(new String[] {"/events", "{\"payload\":{\"a\":\"\\u0000\"}}", "400", "NUL character"});
        cases.add(new String[] {"/events", "{\"payload\":", "400", "not valid JSON"});
        cases.add(new String[] {"/events", "[1]", "400", "body must be a JSON object"});
        cases.add(new String[] {"/events", "{\"payload\":\"" + "x".repeat(1_100_000) + "\"}", "413", "body.payload is 1100002 bytes; the limit is 1048576"});
        cases.add(new String[] {"/events/batch", "{\"events\":[]}", "400", "body.events is empty"});
        cases.add(new String[] {"/events/batch", "{\"events\":{}}", "400", "body.events must be an array"});
        cases.add(new String[] {"/events/batch", "[{\"payload\":1},{\"payload\":2,\"nope\":1},{\"key\":1}]", "400", "events[1] has an unknown field"});
        cases.add(new String[] {"/events/batch", "[" + "{\"payload\":1},".repeat(50) + "{\"payload\":1}]", "413", "the limit is 50"});
        cases.add(new String[] {"/events/batch", "[{\"payload\":1},{\"payload\":\"" + "x".repeat(1_100_000) + "\"}]", "413", "events[1].payload is 1100002 bytes"});
        for (String[] c : cases) {
            TestService.Reply r = service.post("/api/streams/strict" + c[0], c[1]);
            assertThat(r.status()).as(c[1].length() > 80 ? c[1].substring(0, 80) : c[1]).isEqualTo(Integer.parseInt(c[2]));
            assertThat(r.body()).as(r.toString()).contains(c[3]).contains("\"requestId\"");
        }
        TestService.Reply typeless = service.send(service.request("/api/streams/strict/events").header("Authorization", "Bearer " + TestService.TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payload\":1}")).build());
        assertThat(typeless.status()).isEqualTo(415);
        TestService.Reply huge = service.post("/api/streams/strict/events", "{\"payload\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        StreamStats stats = service.streams.stats("strict");
        assertThat(stats.events()).isZero();
        assertThat(stats.subscriptions().get(0).position().id()).isZero();
    }

    @Test
    void unknownNamesAndBadPositionsAreFourHundreds() {
        service.put("/api/streams/known");
        assertThat(service.get("/api/streams/missing").json().get("error").asText()).isEqualTo("unknown_stream");
        assertThat(service.get("/api/streams/missing").json().get("message").asText()).contains("PUT /api/streams/missing");
        assertThat(service.post("/api/streams/missing/events", "{\"payload\":1}").status()).isEqualTo(404);
        assertThat(service.put("/api/streams/missing/subscriptions/s").status()).isEqualTo(404);
        assertThat(service.put("/api/streams/Bad-Name").json().get("error").asText()).isEqualTo("invalid_name");
        assertThat(service.put("/api/streams/" + "a".repeat(41)).status()).isEqualTo(400);
        assertThat(service.post("/api/streams/known/subscriptions/none/reset", "{\"from\":\"earliest\"}").json().get("error").asText())
                .isEqualTo("unknown_subscription");
        service.put("/api/streams/known/subscriptions/s");
        String[][] bad = {
            {"{}", "exactly one of"},
            {"{\"from\":\"earliest\",\"afterEvent\":1}", "exactly one of"},
            {"{\"from\":\"beginning\"}", "body.from must be \\\"earliest\\\" or \\\"latest\\\""},
            {"{\"time\":\"yesterday\"}", "ISO-8601"},
            {"{\"afterEvent\":0}", "between 1 and"},
            {"{\"afterEvent\":123456789}", "has no event 123456789"},
            {"{\"position\":{\"txid\":\"12x\",\"id\":1}}", "decimal digits"},
            {"{\"position\":{\"txid\":\"99999999999999999999\",\"id\":1}}", "at most 18446744073709551615"},
            {"{\"position\":{\"id\":1}}", "body.position.txid is required"},
        };
        for (String[] c : bad) {
            TestService.Reply r = service.post("/api/streams/known/subscriptions/s/reset", c[0]);
            assertThat(r.status()).as(c[0] + " -> " + r).isEqualTo(400);
            assertThat(r.body()).as(c[0]).contains(c[1]);
        }
        assertThat(service.put("/api/streams/known", "{\"retentionMode\":\"forever\"}").body()).contains("keep_unconsumed");
        assertThat(service.put("/api/streams/known", "{\"partitionSeconds\":0}").status()).isEqualTo(400);
        assertThat(service.get("/api/streams/known/events?limit=5000").status()).isEqualTo(400);
        assertThat(service.get("/api/streams/known/events?from=-1").status()).isEqualTo(400);
    }
}
