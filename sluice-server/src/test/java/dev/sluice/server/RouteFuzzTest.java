package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.server.api.Route;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route with wrong types, huge and negative numbers, NUL bytes, very long strings, deep JSON,
 * unknown fields and parameters, wrong methods, no and wrong tokens. Every answer must be a 4xx
 * with a JSON message (or a 2xx where the request is valid), never a 5xx, and a refused request
 * must change nothing in the database.
 */
class RouteFuzzTest {

    static final String READ_TOKEN = "fuzz-read-token-0123456789";
    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_fuzz", b -> b.readToken(READ_TOKEN).maxBodyBytes(MAX_BODY).maxBatchSize(100));
        service.put("/api/queues/fuzz");
        service.sluice.enqueue("fuzz", Message.of(Map.of("n", 1)));
        service.sluice.queues().create("poison");
        service.sluice.enqueue("poison", Message.of(Map.of("n", 1)));
        try (Workers w = service.sluice.startWorkers("poison", WorkerOptions.builder().concurrency(1).maxAttempts(1).build(), b -> {
            throw new IllegalStateException("fails");
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.sluice.deadLetters().list("poison").size() == 1);
        }
        service.post("/api/scores", "{\"eventId\":\"e1\",\"playerId\":\"ada\",\"score\":5}");
        service.put("/api/streams/fuzz");
        service.put("/api/streams/fuzz/subscriptions/fuzz");
        service.post("/api/streams/fuzz/events", "{\"payload\":1}");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static final String LONG = "x".repeat(100_000);
    static final int MAX_BODY = 64 * 1024;
    static final String DEEP = "[".repeat(5_000) + "]".repeat(5_000);
    static final List<String> BAD_PATH = List.of("Bad-Name", "x".repeat(300), "%00", "a%00b", "..", "-1", "99999999999999999999999", "%F0%9F%92%A5",
            "%27%3B%20DROP%20TABLE%20x%3B--");
    static final List<String> BAD_VALUES = List.of("-1", "99999999999999999999999", "abc", "", "\u0000", LONG.substring(0, 5000));
    static final List<String> BODIES = List.of("", "null", "[]", "{}", "1", "\"s\"", "true", "{", "{\"a\":", DEEP, "\u0000",
            "{\"payload\":\"\u0000\"}", "{\"payload\":" + DEEP + "}", "{\"unknown\":1}", "{\"payload\":1,\"nope\":2}",
            "{\"priority\":99999999999999999999}", "{\"priority\":-99999}", "{\"priority\":\"high\"}", "{\"priority\":1.5}",
            "{\"runAt\":\"yesterday\"}", "{\"runAt\":12}", "{\"idempotencyKey\":\"" + LONG + "\"}", "{\"orderingKey\":[]}",
            "{\"messages\":{}}", "{\"messages\":[1,2]}", "{\"messages\":[" + "{\"payload\":1},".repeat(150) + "{\"payload\":1}]}",
            "[" + "{\"payload\":{}},".repeat(100) + "{\"nope\":1}]", "{\"ids\":[-1]}", "{\"ids\":[\"x\"]}", "{\"ids\":[99999999999999999999]}",
            "{\"all\":\"yes\"}", "{\"ids\":[1],\"all\":true}", "{\"eventId\":\"\",\"playerId\":\"p\",\"score\":1}",
            "{\"eventId\":\"" + LONG + "\",\"playerId\":\"p\",\"score\":1}", "{\"eventId\":\"e\",\"playerId\":\"p\",\"score\":99999999999999999999}",
            "{\"eventId\":\"e\",\"playerId\":\"p\",\"score\":\"1\"}", "{\"eventId\":\"e\",\"playerId\":null,\"score\":1}",
            "{\"events\":[{\"eventId\":1}]}", "{\"events\":[]}", "{\"eventId\":\"e\u0000\",\"playerId\":\"p\",\"score\":1,\"ts\":\"x\"}",
            "{\"payload\":\"" + LONG + LONG + "\"}", "{\"key\":\"k\u0000\",\"payload\":1}", "{\"key\":\"k\",\"payload\":null}",
            "{\"payload\":{\"a\\u0000\":1}}", "{\"events\":[{\"payload\":1},{\"key\":5,\"payload\":1}]}", "{\"from\":\"middle\"}",
            "{\"from\":\"earliest\",\"time\":\"2026-01-01T00:00:00Z\"}", "{\"time\":\"noon\"}", "{\"afterEvent\":-3}", "{\"afterEvent\":99999999}",
            "{\"position\":{\"txid\":\"1;--\",\"id\":1}}", "{\"position\":{\"txid\":\"99999999999999999999999\",\"id\":1}}",
            "{\"position\":{\"txid\":\"99999999999999999999\",\"id\":1}}",
            "{\"partitionSeconds\":0}", "{\"partitionSeconds\":1.5}", "{\"retentionSeconds\":-1}", "{\"maxBytes\":\"big\"}", "{\"retentionMode\":\"forever\"}");

    /** What a refused request must not change. */
    static Map<String, Object> database() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        for (QueueStats s : service.sluice.queues().allStats()) {
            state.put(s.queue(), List.of(s.paused(), s.depth(), s.deadLetters()));
        }
        try (Connection c = service.sluice.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM \"" + service.sluice.config().schema() + "\".score_event_ids), "
                     + "(SELECT count(*) FROM \"" + service.sluice.config().schema() + "\".queues)")) {
            rs.next();
            // accepted score events, counted where ingest appends them (the archive fills later, by the fold)
            state.put("score_events", rs.getLong(1));
            state.put("queues", rs.getLong(2));
        }
        try (Connection c = service.sluice.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM \"" + service.sluice.config().schema() + "\".streams), "
                     + "(SELECT count(*) FROM \"" + service.sluice.config().schema() + "\".stream_fuzz), "
                     + "(SELECT string_agg(name || ':' || position_txid || '/' || position_id, ',') FROM \""
                     + service.sluice.config().schema() + "\".stream_subscriptions)")) {
            rs.next();
            state.put("streams", rs.getLong(1));
            state.put("stream_events", rs.getLong(2));
            state.put("subscriptions", rs.getString(3));
        }
        return state;
    }

    record Outcome(int status, String body) {
    }

    static Outcome send(String method, String path, String auth, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.server.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/event-stream, application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<InputStream> r;
        try {
            r = service.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException closed) {
            // The server closes a connection after refusing a body it did not read (413, bad path); a
            // request already sent on that kept-alive connection sees it closed. Once more, on a new one.
            r = service.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        try (InputStream in = r.body()) {
            // A stream that opened never ends: its status is all this test needs.
            boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            return new Outcome(r.statusCode(), stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private final List<String> failures = new ArrayList<>();
    private int requests;

    /** The database as after the last request (null: unknown, read it again); refused requests leave it as it was. */
    private Map<String, Object> known;

    private void check(String method, String path, String auth, String contentType, String body) throws Exception {
        boolean write = !method.equals("GET");
        Map<String, Object> before = write ? (known != null ? known : database()) : null;
        Outcome o;
        try {
            o = send(method, path, auth, contentType, body);
        } catch (java.io.IOException e) {
            if (body == null || body.length() <= MAX_BODY) {
                throw new AssertionError(method + " " + path + " body of " + (body == null ? 0 : body.length()) + " chars: " + e, e);
            }
            // Over maxBodyBytes the server answers 413 and closes without reading the rest; a client still
            // writing may see only the closed connection. A refusal either way: nothing may have been written.
            o = new Outcome(413, "{\"error\":\"payload_too_large\",\"message\":\"connection closed\"}");
        }
        requests++;
        String what = method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path) + " auth=" + (auth == null ? "none" : auth.substring(0, Math.min(12, auth.length())))
                + " body=" + (body == null ? "none" : body.length() > 60 ? body.substring(0, 60) + "..." : body);
        if (o.status() >= 500) {
            failures.add(what + " -> " + o.status() + " " + o.body());
        } else if (o.status() >= 400) {
            if (!o.body().startsWith("{\"error\":") || !o.body().contains("\"message\":")) {
                failures.add(what + " -> " + o.status() + " without a JSON message: " + o.body());
            }
            if (write) {
                Map<String, Object> after = database();
                if (!after.equals(before)) {
                    failures.add(what + " -> " + o.status() + " but the database changed: " + before + " -> " + after);
                }
                known = after;
            }
        } else if (write) {
            known = null; // a valid write may have changed it
        }
    }

    static String path(Route route, String queue, String window, String player) {
        return route.path().replace("{queue}", queue).replace("{window}", window).replace("{playerId}", player).replace("{schedule}", queue)
                .replace("{stream}", queue).replace("{subscription}", queue)
                .replace("{token}", "0b5c7f38-2c4e-4f63-9d6f-0d1c2b3a4e5f");
    }

    @Test
    void noRouteAnswersAFiveHundredOrWritesWhenItRefuses() throws Exception {
        String admin = "Bearer " + TestService.TOKEN;
        List<String> auths = new ArrayList<>(java.util.Arrays.asList(null, "Bearer wrong-token-0123456789", "Bearer ", "Basic Zm9vOmJhcg==",
                "Bearer " + READ_TOKEN, "Bearer \u00e9\u00e9"));
        for (Route route : service.server.routes()) {
            String valid = path(route, "fuzz", "all", "ada");
            String json = route.method().equals("GET") ? null : "{\"payload\":1}";
            // No, wrong and weaker tokens.
            for (String auth : auths) {
                check(route.method(), valid, auth, "application/json", json);
            }
            // Wrong methods.
            for (String method : List.of("DELETE", "PATCH", route.method().equals("GET") ? "POST" : "GET")) {
                check(method, valid, admin, "application/json", "{}");
            }
            // Bad path values.
            if (route.path().contains("{")) {
                for (String bad : BAD_PATH) {
                    check(route.method(), path(route, bad, bad, bad), admin, "application/json", json);
                }
            }
            // Unknown and bad query parameters.
            check(route.method(), valid + "?nope=1", admin, "application/json", json);
            check(route.method(), valid + "?access_token=" + TestService.TOKEN, null, "application/json", json);
            for (String name : route.queryParameters()) {
                for (String value : BAD_VALUES) {
                    check(route.method(), valid + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), admin, "application/json", json);
                }
            }
            // Bad bodies, and a body that is not JSON, on every write.
            if (!route.method().equals("GET")) {
                for (String body : BODIES) {
                    check(route.method(), valid, admin, "application/json", body);
                }
                check(route.method(), valid, admin, "text/plain", "{\"payload\":1}");
                check(route.method(), valid, admin, null, "{\"payload\":1}");
            }
        }
        assertThat(failures).as("%d of %d requests", failures.size(), requests).isEmpty();
        assertThat(requests).isGreaterThan(500);
        // The service is still fine afterwards.
        assertThat(service.get("/api/queues/fuzz").status()).isEqualTo(200);
    }
}
