package dev.sluice.bench.service;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.ScoreEvent;
import dev.sluice.server.leaderboard.LeaderboardService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load check of the running service on an embedded DURABLE PostgreSQL (fsync and synchronous_commit
 * on): HTTP batch ingest ({@link HttpIngest}: committed events counted in the database and in the
 * responses, failed requests counted), next to the in-process ingest of the same batches;
 * leaderboard read p99 with {@code wrk} next to {@code /health}; and how many SSE clients of the
 * live leaderboard one instance serves at one update per second. Run as {@code ./sluice bench service}.
 * The read figures need {@code wrk} on the PATH ({@code apt-get install -y wrk}) and are skipped, with
 * a message, without it.
 */
public final class ServiceLoadCheck {

    /** Each stream client should get one frame per stream interval (snapshots come more often; the stream paces them). */
    private static final java.time.Duration STREAM_INTERVAL = ServerConfig.DEFAULT_STREAM_INTERVAL;

    private ServiceLoadCheck() {
    }

    public static void main(String[] args) throws Exception {
        // Quiet logging: Logback's default (DEBUG for everything) would measure the console, not the service.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/sluice/bench/service/logback-load.xml");
        }
        int seconds = intArg(args, "--seconds", 20);
        int sseClients = intArg(args, "--sse", 1000);
        int players = intArg(args, "--players", 100_000);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
             Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(db.jdbcUrl()).schema("load").maxPoolSize(16)
                     .meterRegistry(SluiceServer.newMeterRegistry()).build());
             LeaderboardService board = new LeaderboardService(Leaderboards.start(sluice, LeaderboardConfig.builder().schema("load").build()));
             SluiceServer server = SluiceServer.start(sluice, board, ServerConfig.builder().port(0).maxStreamClients(sseClients + 100).build())) {
            System.out.printf("service %s on embedded PostgreSQL (DURABLE), %d cores%n", server.url(), Runtime.getRuntime().availableProcessors());
            seed(board, players);

            // Baseline: the same 100-event batches ingested in-process, no HTTP.
            double direct = directIngest(board, Math.min(seconds, 10));
            System.out.printf("baseline in-process ingest: %.0f events/s (100 per batch)%n", direct);
            HttpIngest.Figures ingest = HttpIngest.run(server.url(), server.token(), sluice.dataSource(), "load", 32, 100,
                    Duration.ofSeconds(seconds));
            System.out.printf("HTTP batch ingest, POST /api/scores/batch, 32 connections: %s (%.2fx in-process)%n",
                    ingest.describe(), ingest.eventsPerSecond() / direct);
            if (!ingest.consistent() || ingest.counts().failedRequests() > 0) {
                System.out.println("WARNING: the ingest figure is not clean: failed requests or responses that disagree with the database.");
            }

            if (onPath("wrk")) {
                String health = wrk(server, seconds, 2, 16, "/health");
                String top = wrk(server, seconds, 2, 16, "/api/leaderboard/all?n=100");
                String live = wrk(server, seconds, 2, 16, "/api/leaderboard/all?n=100&live=true");
                String rank = wrk(server, seconds, 2, 16, "/api/leaderboard/all/players/p500?neighbours=5");
                System.out.printf("GET /health                 p99 %s, %.0f req/s, %d non-2xx (baseline)%n", p99(health), requestsPerSecond(health), non2xx(health));
                System.out.printf("GET /api/leaderboard/all    p99 %s, %.0f req/s, %d non-2xx (exact query)%n", p99(top), requestsPerSecond(top), non2xx(top));
                System.out.printf("GET ...all?live=true        p99 %s, %.0f req/s, %d non-2xx (live snapshot)%n", p99(live), requestsPerSecond(live), non2xx(live));
                System.out.printf("GET .../players/p500        p99 %s, %.0f req/s, %d non-2xx%n", p99(rank), requestsPerSecond(rank), non2xx(rank));
            } else {
                System.out.println("read latencies skipped: wrk is not on the PATH (apt-get install -y wrk)");
            }

            sse(server, board, sseClients, seconds);
        }
    }

    private static void seed(LeaderboardService board, int players) {
        long start = System.nanoTime();
        List<ScoreEvent> batch = new ArrayList<>(5_000);
        for (int i = 0; i < players; i++) {
            batch.add(new ScoreEvent("seed-" + i, "p" + i, ThreadLocalRandom.current().nextLong(1_000_000), java.time.Instant.now(), null));
            if (batch.size() == 5_000) {
                board.ingest(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            board.ingest(batch);
        }
        System.out.printf("seeded %d players in %.1f s%n", players, (System.nanoTime() - start) / 1e9);
    }

    private static double directIngest(LeaderboardService board, int seconds) throws InterruptedException {
        AtomicInteger events = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    List<ScoreEvent> batch = new ArrayList<>(100);
                    for (int i = 0; i < 100; i++) {
                        batch.add(new ScoreEvent("d-" + thread + "-" + n + "-" + i, "p" + ThreadLocalRandom.current().nextInt(100_000),
                                ThreadLocalRandom.current().nextLong(1_000_000), java.time.Instant.now(), null));
                    }
                    board.ingest(batch);
                    events.addAndGet(100);
                    n++;
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        return events.get() / (double) seconds;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String wrk(SluiceServer server, int seconds, int threads, int connections, String path) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-H", "Authorization: Bearer " + server.token(), server.url() + path));
        System.out.println("$ wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency -H 'Authorization: Bearer ...' " + server.url() + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** wrk's "Non-2xx or 3xx responses: N" line (absent when there were none). */
    static long non2xx(String wrkOutput) {
        for (String line : wrkOutput.split("\n")) {
            if (line.trim().startsWith("Non-2xx or 3xx responses:")) {
                return Long.parseLong(line.trim().substring("Non-2xx or 3xx responses:".length()).trim());
            }
        }
        return 0;
    }

    private static double requestsPerSecond(String wrkOutput) {
        for (String line : wrkOutput.split("\n")) {
            if (line.startsWith("Requests/sec:")) {
                return Double.parseDouble(line.substring(13).trim());
            }
        }
        throw new IllegalStateException("wrk printed no Requests/sec:\n" + wrkOutput);
    }

    private static String p99(String wrkOutput) {
        for (String line : wrkOutput.split("\n")) {
            if (line.trim().startsWith("99%")) {
                return line.trim().substring(3).trim();
            }
        }
        return "?";
    }

    /**
     * Opens {@code clients} SSE connections to the live leaderboard while a trickle of ingests makes
     * it change, then counts the frames each client gets per second.
     */
    private static void sse(SluiceServer server, LeaderboardService board, int clients, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLongArray frames = new AtomicLongArray(clients);
        List<CompletableFuture<?>> open = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/leaderboard/all/stream"))
                    .header("Accept", "text/event-stream").build();
            open.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("event: leaderboard") || line.startsWith("event:leaderboard")) {
                        frames.incrementAndGet(client);
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            })));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.streamClients() < clients && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf("SSE: %d of %d clients connected%n", server.streamClients(), clients);
        Thread ingester = new Thread(() -> {
            int n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                board.ingest(List.of(new ScoreEvent("sse-" + n++, "sse-player-" + (n % 50), 2_000_000L + n, java.time.Instant.now(), null)));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ingester.start();
        Thread.sleep(3_000);
        long[] before = snapshot(frames);
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long[] after = snapshot(frames);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        ingester.interrupt();
        long total = 0;
        int keptUp = 0;
        double updatesPerSecond = 1000.0 / STREAM_INTERVAL.toMillis();
        for (int i = 0; i < clients; i++) {
            long got = after[i] - before[i];
            total += got;
            if (got >= Math.floor(elapsed * updatesPerSecond * 0.9)) {
                keptUp++;
            }
        }
        System.out.printf("SSE: %d clients, %.0f frames/s delivered in total (%.2f per client per second); %d clients got >= 90%% of the %.1f/s updates%n",
                clients, total / elapsed, total / elapsed / clients, keptUp, updatesPerSecond);
        open.forEach(f -> f.cancel(true));
    }

    private static long[] snapshot(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
