package dev.sluice.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.lease.Lease;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.queue.Message;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP consumers over loopback against the same leases taken in-process: the same jobs, threads and
 * batch size (claim, then acknowledge the whole lease), counted from acknowledged messages; the
 * queue must be empty at the end of each. {@code sluice bench leases --parts http}.
 */
public final class ClaimLoadCheck {

    private static final String TOKEN = "claim-load-check-token-0123456789";

    private ClaimLoadCheck() {
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/sluice/server/load/logback-load.xml");
        }
        int jobs = intArg(args, "--jobs", 30_000);
        int threads = intArg(args, "--workers", 4);
        int batch = intArg(args, "--batch", 150);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
             Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(db.jdbcUrl()).schema("claims").maxPoolSize(threads + 8).build());
             SluiceServer server = SluiceServer.start(sluice, ServerConfig.builder().port(0).token(TOKEN).build())) {
            System.err.printf("HTTP consumers: %d jobs, %d threads, batch %d, embedded PostgreSQL (DURABLE), %d cores%n",
                    jobs, threads, batch, Runtime.getRuntime().availableProcessors());
            sluice.queues().create("direct");
            sluice.queues().create("http");
            fill(sluice, "direct", jobs);
            fill(sluice, "http", jobs);
            double direct = run(threads, () -> {
                Lease lease = sluice.leases().claim("direct", batch, Duration.ofSeconds(30), 20, LeaseOptions.DEFAULTS);
                lease.ack();
                return lease.messages().size();
            });
            HttpClient http = HttpClient.newHttpClient();
            String base = server.url() + "/api/queues/http/claims";
            String claimBody = "{\"max\":" + batch + ",\"leaseSeconds\":30}";
            double overHttp = run(threads, () -> {
                HttpResponse<String> claim = http.send(post(URI.create(base), claimBody), HttpResponse.BodyHandlers.ofString());
                JsonNode lease = Json.MAPPER.readTree(claim.body());
                int n = lease.get("messages").size();
                if (n > 0) {
                    HttpResponse<String> ack = http.send(post(URI.create(base + "/" + lease.get("token").asText() + "/ack"), null),
                            HttpResponse.BodyHandlers.ofString());
                    if (ack.statusCode() != 200) {
                        throw new IllegalStateException("ack answered " + ack.statusCode() + ": " + ack.body());
                    }
                }
                return n;
            });
            long left = sluice.queues().stats("direct").depth() + sluice.queues().stats("http").depth();
            System.err.printf("in-process leases: %.0f msg/s; HTTP consumers: %.0f msg/s; ratio %.2f; messages left %d%n",
                    direct, overHttp, overHttp / direct, left);
            System.out.println(Json.MAPPER.writeValueAsString(Map.of("jobs", jobs, "threads", threads, "batch", batch,
                    "in_process_per_s", Math.round(direct), "http_per_s", Math.round(overHttp),
                    "http_to_in_process", Math.round(overHttp / direct * 100) / 100.0, "left", left)));
        }
    }

    private static HttpRequest post(URI uri, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static void fill(Sluice sluice, String queue, int n) {
        List<Message> chunk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunk.add(Message.of(Map.of("n", i)));
            if (chunk.size() == 5_000 || i == n - 1) {
                sluice.enqueueBatch(queue, chunk);
                chunk.clear();
            }
        }
    }

    private interface Step {
        int run() throws Exception;
    }

    /** Threads repeat {@code step} until it handles nothing; messages per second over the whole run. */
    private static double run(int threads, Step step) throws InterruptedException {
        AtomicLong handled = new AtomicLong();
        List<Thread> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    int n;
                    while ((n = step.run()) > 0) {
                        handled.addAndGet(n);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            all.add(t);
            t.start();
        }
        for (Thread t : all) {
            t.join();
        }
        return handled.get() / ((System.nanoTime() - start) / 1e9);
    }
}
