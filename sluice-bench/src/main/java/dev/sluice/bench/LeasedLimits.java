package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.lease.LeasedWorkers;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.QueueLimits;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The global limits for leased consumers ({@code sluice bench leases --parts lease-limit,lease-rate,http-rate}):
 * the most lease claims at once under maxConcurrentBatches across Sluice instances, and messages per
 * whole second under a rate limit, for in-process leased workers and for HTTP consumers over loopback
 * (which wait the retryAfterMs of a 429 or of a 200 cut short). In-process figures are counted from
 * committed rows; the HTTP consumers' from the claims' responses, each at its time in the database
 * (its deadline less the lease): a claim is what the rate limit meters.
 */
final class LeasedLimits {

    private static final String TOKEN = "bench-leases-http-token-0123456789";
    private static final int LEASE_SECONDS = 30;

    private LeasedLimits() {
    }

    /** Several instances' leased workers on one queue limited to maxBatches; the most overlapping handler spans. */
    static void concurrency(Sluice sluice, SluiceConfig config, int instances, int workers, int maxBatches,
                            Map<String, Object> result) throws Exception {
        String schema = config.schema();
        sluice.queues().create("limited_leases");
        sluice.queues().setLimits("limited_leases", QueueLimits.maxConcurrentBatches(maxBatches));
        LeaseBenchmark.exec(sluice, "CREATE TABLE IF NOT EXISTS " + schema + ".lease_spans (started timestamptz NOT NULL, ended timestamptz NOT NULL)");
        int jobs = 4_000;
        LeaseBenchmark.fill(sluice, "limited_leases", jobs);
        List<Sluice> others = new ArrayList<>();
        List<LeasedWorkers> running = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                Sluice s = i == 0 ? sluice : Sluice.start(config.toBuilder().migrate(false).build());
                if (i > 0) {
                    others.add(s);
                }
                running.add(s.startLeasedWorkers("limited_leases", LeaseOptions.builder().concurrency(workers).batchSize(20).build(), lease -> {
                    // The span is taken inside the handler, so inside the claim-to-ack window in which the slot is held.
                    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement()) {
                        st.execute("SELECT pg_sleep(0.005)");
                        st.execute("INSERT INTO " + schema + ".lease_spans SELECT statement_timestamp() - interval '5 milliseconds', clock_timestamp()");
                    }
                }));
            }
            while (sluice.queues().stats("limited_leases").depth() > 0) {
                Thread.sleep(20);
            }
        } finally {
            running.forEach(LeasedWorkers::close);
            others.forEach(Sluice::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long overlap = LeaseBenchmark.query(sluice, "SELECT max(n) FROM (SELECT sum(d) OVER (ORDER BY t, d) AS n FROM ("
                + "SELECT started AS t, 1 AS d FROM " + schema + ".lease_spans UNION ALL SELECT ended, -1 FROM " + schema + ".lease_spans) e) s");
        long spans = LeaseBenchmark.query(sluice, "SELECT count(*) FROM " + schema + ".lease_spans");
        System.err.printf("leased: concurrency limit %d over %d instances x %d threads: %d lease claims, most at once %d, %.0f msg/s %s%n",
                maxBatches, instances, workers, spans, overlap, jobs / seconds, overlap <= maxBatches ? "PASS" : "FAIL");
        result.put("lease_limit_most_at_once", overlap);
        result.put("lease_limit_claims", spans);
        result.put("lease_limit_per_s", Math.round(jobs / seconds));
    }

    /** In-process leased workers on a full queue under a rate limit; messages committed per whole second. */
    static void rate(Sluice sluice, String schema, double rate, int seconds, int workers, int batch, Map<String, Object> result) throws Exception {
        sluice.queues().create("paced_leases");
        sluice.queues().setLimits("paced_leases", QueueLimits.rate(rate));
        LeaseBenchmark.exec(sluice, "CREATE TABLE IF NOT EXISTS " + schema + ".paced_leases (at timestamptz NOT NULL)");
        LeaseBenchmark.fill(sluice, "paced_leases", (int) (rate * seconds));
        try (LeasedWorkers w = sluice.startLeasedWorkers("paced_leases", LeaseOptions.builder().concurrency(workers).batchSize(batch).build(), lease -> {
            try (Connection c = sluice.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".paced_leases SELECT clock_timestamp() FROM generate_series(1, ?)")) {
                ps.setInt(1, lease.messages().size());
                ps.execute();
            }
        })) {
            LeaseBenchmark.await(sluice, "paced_leases");
        }
        judge("leased workers", "lease_rate", rate, perSecond(sluice, schema + ".paced_leases"), result);
    }

    /** HTTP consumers over loopback (claim, ack; held back, wait retryAfterMs) under a rate limit; claimed per whole second. */
    static void httpRate(Sluice sluice, double rate, int seconds, int workers, int batch, Map<String, Object> result) throws Exception {
        sluice.queues().create("paced_http");
        sluice.queues().setLimits("paced_http", QueueLimits.rate(rate));
        int jobs = (int) (rate * seconds);
        LeaseBenchmark.fill(sluice, "paced_http", jobs);
        List<long[]> claims = java.util.Collections.synchronizedList(new ArrayList<>()); // {claimed at, µs since the epoch; messages}
        AtomicLong throttled = new AtomicLong();
        AtomicLong claimed = new AtomicLong();
        try (SluiceServer server = SluiceServer.start(sluice, ServerConfig.builder().port(0).token(TOKEN).build())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.url() + "/api/queues/paced_http/claims";
            String body = "{\"max\":" + batch + ",\"leaseSeconds\":" + LEASE_SECONDS + "}";
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(() -> {
                    try {
                        while (claimed.get() < jobs) {
                            HttpResponse<String> r = send(http, post(URI.create(base), body));
                            JsonNode reply = PayloadCodec.mapper().readTree(r.body());
                            if (r.statusCode() == 429) {
                                throttled.incrementAndGet();
                                Thread.sleep(reply.get("retryAfterMs").longValue());
                                continue;
                            }
                            int n = reply.get("messages").size();
                            if (n == 0) {
                                Thread.sleep(5);
                                continue;
                            }
                            // The claim's time at the database: its deadline less the lease (the response's time would
                            // move a claim into the next second whenever the reply is late).
                            java.time.Instant at = java.time.Instant.parse(reply.get("deadline").asText()).minusSeconds(LEASE_SECONDS);
                            claims.add(new long[] {at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000, n});
                            claimed.addAndGet(n);
                            send(http, post(URI.create(base + "/" + reply.get("token").asText() + "/ack"), null));
                            JsonNode held = reply.get("heldBack");
                            if (held != null && !held.isNull()) {
                                Thread.sleep(held.get("retryAfterMs").longValue()); // fewer than asked: as the README's consumer waits
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        long t0 = claims.stream().mapToLong(c -> c[0]).min().orElse(0);
        List<Long> perSecond = new ArrayList<>();
        for (long[] c : claims) {
            int sec = (int) ((c[0] - t0) / 1_000_000L);
            while (perSecond.size() <= sec) {
                perSecond.add(0L);
            }
            perSecond.set(sec, perSecond.get(sec) + c[1]);
        }
        result.put("http_rate_429s", throttled.get());
        judge("HTTP consumers", "http_rate", rate, perSecond, result);
    }

    /** Sends once more on a new connection if the server closed a kept-alive one under us (after a long pause). */
    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closed) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpRequest post(URI uri, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Rows of a one-column timestamp table counted per whole second from the first. */
    static List<Long> perSecond(Sluice sluice, String table) throws Exception {
        List<Long> perSecond = new ArrayList<>();
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH f AS (SELECT min(at) AS t0 FROM " + table + ") SELECT floor(extract(epoch FROM at - t0)) AS sec,"
                     + " count(*) FROM " + table + ", f GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                perSecond.add(rs.getLong(2));
            }
        }
        return perSecond;
    }

    /**
     * Both bounds: every whole second within 5% of the rate, above and below. The first second (the
     * workers' start) and the last (cut short when the queue runs out) are reported, not judged.
     */
    static void judge(String who, String prefix, double rate, List<Long> perSecond, Map<String, Object> result) {
        result.put(prefix + "_first_and_last_second", List.of(perSecond.get(0), perSecond.get(perSecond.size() - 1)));
        List<Long> whole = perSecond.size() > 2 ? perSecond.subList(1, perSecond.size() - 1) : perSecond;
        long max = whole.stream().mapToLong(Long::longValue).max().orElse(0);
        long min = whole.stream().mapToLong(Long::longValue).min().orElse(0);
        boolean upper = max <= rate * 1.05;
        boolean lower = min >= rate * 0.95;
        System.err.printf("%s, rate limit %.0f/s: per whole second %s (min %d, max %d; upper bound %s, lower bound %s)%n",
                who, rate, whole, min, max, upper ? "PASS" : "FAIL", lower ? "PASS" : "FAIL");
        result.put(prefix + "_limit", rate);
        result.put(prefix + "_per_second", whole);
        result.put(prefix + "_upper_bound_met", upper);
        result.put(prefix + "_lower_bound_met", lower);
        result.put(prefix + "_within_5_percent", upper && lower);
    }
}
