package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.server.api.Json;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.server.leaderboard.LeaderboardService;
import dev.sluice.streams.Streams;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A Sluice on a fresh schema with a server on a free port, and a small HTTP client for tests. */
final class TestService implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789abcdef";

    final Sluice sluice;
    final SluiceServer server;
    final LeaderboardService leaderboard;
    final Streams streams;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestService(String prefix, Consumer<ServerConfig.Builder> tweak) {
        PrometheusMeterRegistry registry = SluiceServer.newMeterRegistry();
        String schema = TestDatabase.freshSchemaName(prefix);
        sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema)
                .maxPoolSize(6).meterRegistry(registry).build());
        ServerConfig.Builder b = ServerConfig.builder().port(0).token(TOKEN);
        tweak.accept(b);
        leaderboard = new LeaderboardService(Leaderboards.start(sluice, LeaderboardConfig.builder().schema(schema).build()));
        streams = Streams.start(sluice);
        server = SluiceServer.start(sluice, leaderboard, streams, b.build());
    }

    TestService(String prefix) {
        this(prefix, b -> { });
    }

    /** A response: status, body text and the body parsed as JSON when it is JSON. */
    record Reply(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20));
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // The server closes a connection after refusing a body it did not read (413, 415); a
                // request sent on that kept-alive connection sees it closed. Once more, on a new one.
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply get(String path) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    Reply getAnonymous(String path) {
        return send(request(path).GET().build());
    }

    Reply post(String path, String json) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply put(String path) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    Reply put(String path, String json) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply delete(String path) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN).DELETE().build());
    }

    @Override
    public void close() {
        server.close();
        streams.close();
        leaderboard.close();
        sluice.close();
    }
}
