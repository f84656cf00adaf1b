package dev.sluice.bench.service;

import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * HTTP batch ingest under a closed loop: {@code connections} clients each POST batches of fresh
 * score events to {@code /api/scores/batch} for a while. The figure is what committed: the events of
 * this run found in {@code score_event_ids} (where ingest appends them) afterwards, next to what the responses said was accepted
 * (the two must agree) and the requests that failed (non-2xx, unreadable, or no response).
 */
final class HttpIngest {

    private static final String COUNT = "count_events.sql";

    /**
     * One run's figures.
     *
     * @param counts what the responses said
     * @param inDatabase events of this run in {@code score_event_ids} once every client had finished
     * @param seconds from the first request to the last response
     */
    record Figures(IngestTally.Counts counts, long inDatabase, double seconds, int batchSize) {

        /** Committed events per second, as counted in the database. */
        double eventsPerSecond() {
            return inDatabase / seconds;
        }

        /** True when the responses and the database agree on what was accepted. */
        boolean consistent() {
            return counts.accepted() == inDatabase;
        }

        String describe() {
            return String.format("%,.0f events/s committed (%,d events in score_event_ids; the responses accepted %,d%s), %,d requests"
                            + " of %d events, %,d failed%s",
                    eventsPerSecond(), inDatabase, counts.accepted(), consistent() ? "" : ": MISMATCH", counts.requests(), batchSize,
                    counts.failedRequests(), counts.firstFailure() == null ? "" : " (first: " + counts.firstFailure() + ")");
        }
    }

    private HttpIngest() {
    }

    /** Runs the load for {@code duration} against {@code baseUrl} and counts the run's events in {@code schema}. */
    static Figures run(String baseUrl, String token, DataSource dataSource, String schema, int connections, int batchSize,
                       Duration duration) throws InterruptedException, SQLException {
        String run = "http-" + Long.toString(System.nanoTime(), 36) + "-";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(baseUrl + "/api/scores/batch");
        IngestTally tally = new IngestTally();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String prefix = run + c + "-";
            Thread t = new Thread(() -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(batch(prefix + n + "-", batchSize))).build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        tally.response(response.statusCode(), response.body());
                    } catch (IOException e) {
                        tally.error(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "http-ingest-" + c);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(tally.counts(), countEvents(dataSource, schema, run), seconds, batchSize);
    }

    /** {@code batchSize} score events with ids {@code prefix + i}, random players and scores. */
    static String batch(String prefix, int batchSize) {
        StringBuilder json = new StringBuilder(batchSize * 64).append('[');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < batchSize; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"eventId\":\"").append(prefix).append(i).append("\",\"playerId\":\"p").append(random.nextInt(1, 100_001))
                    .append("\",\"score\":").append(random.nextInt(1, 1_000_001)).append('}');
        }
        return json.append(']').toString();
    }

    static long countEvents(DataSource dataSource, String schema, String runPrefix) throws SQLException {
        String sql = SqlTemplate.load(HttpIngest.class, COUNT).render(Map.of("schema", Identifiers.quote(Identifiers.schemaName(schema))));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
