package dev.sluice.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.PayloadCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Graphile Worker or pg-boss, run by Debian's {@code node} (peers.mjs in this package, one process
 * per phase; its timings are taken inside the process, so Node's start-up is not counted).
 */
final class NodePeer implements Peer {

    private final String name;
    private final String script;
    private final String version;
    private final Map<String, Object> settings;
    private NodeRuntime node;
    private String uri;

    private NodePeer(String name, String script, String version, Map<String, Object> settings) {
        this.name = name;
        this.script = script;
        this.version = version;
        this.settings = settings;
    }

    /** Graphile Worker 0.18.0 with the configuration of its performance page. */
    static NodePeer graphile() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("concurrent_jobs", 24);
        s.put("max_pool_size", 25);
        s.put("local_queue_size", 500);
        s.put("complete_job_batch_delay_ms", 0);
        s.put("fail_job_batch_delay_ms", 0);
        s.put("producer_pool", 34);
        s.put("enqueue", "addJobs, 2000 a call, 4 in flight");
        return new NodePeer("graphile", "graphile", "Graphile Worker 0.18.0 (Node)", s);
    }

    /** pg-boss 12.38.0: NOTIFY on, batches of 150, 4 local workers, fetching again at once while batches come back full. */
    static NodePeer pgboss() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("batch_size", 150);
        s.put("local_concurrency", 4);
        s.put("burst_when_batch_full", true);
        s.put("polling_interval_ms", 500);
        s.put("listen_notify", true);
        s.put("pool", 40);
        s.put("enqueue", "insert, 2000 a call, 4 in flight");
        return new NodePeer("pgboss", "pgboss", "pg-boss 12.38.0 (Node)", s);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version + ", node " + nodeVersion();
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return v;
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public Map<String, Object> settings() {
        return settings;
    }

    @Override
    public void checkAvailable(String serverJdbcUrl) throws PeerUnavailable {
        try {
            node = NodeRuntime.require();
        } catch (PeerUnavailable e) {
            throw new PeerUnavailable(name + " skipped: " + e.getMessage());
        }
    }

    @Override
    public void open(String jdbcUrl) throws Exception {
        if (node == null) {
            checkAvailable(jdbcUrl);
        }
        uri = ConnectionStrings.toPostgresUri(jdbcUrl);
        call(null, "prepare");
    }

    @Override
    public double enqueue(int from, int n, AtomicLong done) throws Exception {
        return call(done, "enqueue", Integer.toString(from), Integer.toString(n)).get("seconds").asDouble();
    }

    @Override
    public double burnDown(int n, HandledIds handled, AtomicLong progress) throws Exception {
        Path counts = Files.createTempFile("sluice-peer-counts", ".bin");
        try {
            JsonNode result = call(progress, "burn", Integer.toString(n), counts.toString());
            handled.addAll(Files.readAllBytes(counts));
            return result.get("seconds").asDouble();
        } finally {
            Files.deleteIfExists(counts);
        }
    }

    @Override
    public void latency(int rate, int total, double[] latencyMicros, HandledIds handled, AtomicLong progress) throws Exception {
        Path file = Files.createTempFile("sluice-peer-latency", ".bin");
        Path counts = Path.of(file + ".counts");
        try {
            call(progress, "latency", Integer.toString(rate), Integer.toString(total), file.toString());
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asDoubleBuffer().get(latencyMicros);
            handled.addAll(Files.readAllBytes(counts));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(counts);
        }
    }

    @Override
    public long pending() throws Exception {
        return call(null, "pending").get("pending").asLong();
    }

    /** Runs one phase; {"done":k} lines go to {@code progress}; returns the last JSON line. */
    private JsonNode call(AtomicLong progress, String command, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "peers.mjs", script, command, uri));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(node.dir().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        JsonNode last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode json = PayloadCodec.tree(line);
                if (json.has("done") && json.size() == 1) {
                    if (progress != null) {
                        progress.set(json.get("done").asLong());
                    }
                } else {
                    last = json;
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || last == null) {
            throw new IllegalStateException(name + " " + command + " failed (node exited " + exit + "; its messages are above)");
        }
        return last;
    }

    @Override
    public void close() {
    }
}
