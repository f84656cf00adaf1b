package dev.sluice.server;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads a Server-Sent Event stream on a thread of its own and keeps the last data of each event name. */
final class SseRecorder implements AutoCloseable {

    private final Map<String, String> last = new ConcurrentHashMap<>();
    private final Map<String, String> first = new ConcurrentHashMap<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final Thread reader;
    private volatile InputStream body;
    final int status;

    private SseRecorder(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = new Thread(this::read, "sse-recorder");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static SseRecorder open(HttpClient http, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("Stream " + url + " answered " + response.statusCode() + ": " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new SseRecorder(response);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        last.put(event, data.toString());
                        first.putIfAbsent(event, data.toString());
                        frames.incrementAndGet();
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (Exception closed) {
            // the test closed the stream
        }
    }

    /** The first frame of this event, or null. */
    String first(String event) {
        return first.get(event);
    }

    String last(String event) {
        return last.get(event);
    }

    int frames() {
        return frames.get();
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
