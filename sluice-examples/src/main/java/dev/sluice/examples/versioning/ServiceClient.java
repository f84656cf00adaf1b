package dev.sluice.examples.versioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A JSON client of one service, over the one {@link HttpClient} that every caller shares (old and
 * new pipelines alike).
 */
final class ServiceClient {

    private final HttpClient http;
    private final URI base;

    ServiceClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** The HTTP client every service and pipeline of one run shares: HTTP/1.1 with keep-alive on loopback. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    <T> T get(String path, Class<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), type);
    }

    <T> T post(String path, Object body, Class<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build(), type);
    }

    private <T> T send(HttpRequest request, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Calling " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + request.uri(), e);
        }
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return Json.read(response.body(), type);
    }
}
