package dev.sluice.examples.versioning;

import dev.sluice.examples.versioning.network.NetworkRelay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The application as the write-up deployed it: the Product, User and Versioning services, the new
 * pipeline's workers and the old pipeline's cron job, each a {@link VersioningNode} (a JVM of its
 * own by default, {@link Mode#PROCESSES}), and between every caller and every server a
 * {@link NetworkRelay}: one in front of each service and one in front of PostgreSQL. Every HTTP
 * request and every PostgreSQL round trip of either pipeline crosses exactly one relay, and pays
 * its RTT once.
 */
public final class VersioningDeployment implements AutoCloseable {

    /** How the nodes run. */
    public enum Mode {
        /** One JVM per node, as deployed (the demo's default). */
        PROCESSES,
        /** Every node in this JVM, on its own ports and pool (tests). */
        IN_PROCESS
    }

    private final Mode mode;
    private final String schema;
    private final String sluiceSchema;
    private final int serviceThreads;
    private final NetworkRelay database;
    private final String relayedJdbcUrl;
    private final Map<VersioningNode.Role, NetworkRelay> serviceRelays = new EnumMap<>(VersioningNode.Role.class);
    private final Map<VersioningNode.Role, NodeHandle> nodes = new EnumMap<>(VersioningNode.Role.class);

    private VersioningDeployment(Mode mode, String jdbcUrl, String schema, String sluiceSchema, int serviceThreads, Duration rtt) throws Exception {
        this.mode = mode;
        this.schema = schema;
        this.sluiceSchema = sluiceSchema;
        this.serviceThreads = serviceThreads;
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.database = new NetworkRelay("db", new InetSocketAddress(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort()), rtt);
        this.relayedJdbcUrl = "jdbc:postgresql://" + database.host() + ":" + database.port() + db.getRawPath()
                + (db.getRawQuery() == null ? "" : "?" + db.getRawQuery());
    }

    /**
     * Starts every node on {@code jdbcUrl} (reached through the database relay) for domain schema
     * {@code schema} and Sluice schema {@code sluiceSchema} (already migrated), with {@code workers}
     * the most worker threads a run will ask for, and every relay at {@code rtt}.
     */
    public static VersioningDeployment start(Mode mode, String jdbcUrl, String schema, String sluiceSchema, int serviceThreads, int workers,
                                             Duration rtt) throws Exception {
        VersioningDeployment d = new VersioningDeployment(mode, jdbcUrl, schema, sluiceSchema, serviceThreads, rtt);
        try {
            // Product and User first (the Versioning service calls them), then Versioning, then its callers:
            // each wave needs the previous one's relays. A wave's JVMs start together.
            d.launch(List.of(VersioningNode.Role.PRODUCT, VersioningNode.Role.USER), workers);
            d.launch(List.of(VersioningNode.Role.VERSIONING), workers);
            d.launch(List.of(VersioningNode.Role.WORKERS, VersioningNode.Role.CRON), workers);
            return d;
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    private void launch(List<VersioningNode.Role> roles, int workers) throws Exception {
        List<NodeProcess> starting = new ArrayList<>();
        for (VersioningNode.Role role : roles) {
            VersioningNode.Spec spec = spec(role, workers);
            if (mode == Mode.IN_PROCESS) {
                register(role, NodeHandle.inProcess(spec));
            } else {
                NodeProcess p = NodeProcess.launch(spec);
                nodes.put(role, p); // closed with the deployment even if it never gets ready
                starting.add(p);
            }
        }
        for (NodeProcess p : starting) {
            p.awaitReady();
        }
        for (VersioningNode.Role role : roles) {
            register(role, nodes.get(role));
        }
    }

    private void register(VersioningNode.Role role, NodeHandle node) throws Exception {
        nodes.put(role, node);
        if (node.port() > 0) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
            NetworkRelay relay = serviceRelays.get(role);
            if (relay == null) {
                serviceRelays.put(role, new NetworkRelay(role.argName(), address, database.rtt()));
            } else {
                relay.upstream(address);
                relay.cutConnections(); // keep-alive connections to the dead instance
            }
        }
    }

    private VersioningNode.Spec spec(VersioningNode.Role role, int workers) {
        int threads = switch (role) {
            case WORKERS -> workers;
            case CRON -> 2;
            default -> serviceThreads;
        };
        return new VersioningNode.Spec(role, relayedJdbcUrl, schema, sluiceSchema, threads, serviceUri(VersioningNode.Role.PRODUCT),
                serviceUri(VersioningNode.Role.USER), serviceUri(VersioningNode.Role.VERSIONING));
    }

    private URI serviceUri(VersioningNode.Role role) {
        NetworkRelay relay = serviceRelays.get(role);
        return relay == null ? null : URI.create("http://" + relay.host() + ":" + relay.port());
    }

    public Mode mode() {
        return mode;
    }

    /** The Versioning service, as callers reach it (through its relay). */
    public URI versioningService() {
        return serviceUri(VersioningNode.Role.VERSIONING);
    }

    /** The database as the nodes reach it (through its relay). */
    public String relayedJdbcUrl() {
        return relayedJdbcUrl;
    }

    NodeHandle node(VersioningNode.Role role) {
        return nodes.get(role);
    }

    /** Sets every relay's RTT. */
    public void rtt(Duration rtt) {
        database.rtt(rtt);
        serviceRelays.values().forEach(r -> r.rtt(rtt));
    }

    /** Round trips across every relay so far (database and services). */
    public long roundTrips() {
        return database.roundTrips() + serviceRoundTrips();
    }

    /**
     * Round trips so far per hop: {@code db} (every node's PostgreSQL round trips) and one entry per
     * service ({@code product}, {@code user}, {@code versioning}: its HTTP requests).
     */
    public Map<String, Long> roundTripsByHop() {
        Map<String, Long> trips = new java.util.LinkedHashMap<>();
        trips.put("db", database.roundTrips());
        serviceRelays.forEach((role, relay) -> trips.put(role.argName(), relay.roundTrips()));
        return trips;
    }

    /** Connections opened so far per hop (as {@link #roundTripsByHop()}): few means keep-alive and pools reuse them. */
    public Map<String, Long> connectionsByHop() {
        Map<String, Long> opened = new java.util.LinkedHashMap<>();
        opened.put("db", (long) database.connections());
        serviceRelays.forEach((role, relay) -> opened.put(role.argName(), (long) relay.connections()));
        return opened;
    }

    /** HTTP round trips so far, all services. */
    public long serviceRoundTrips() {
        return serviceRelays.values().stream().mapToLong(NetworkRelay::roundTrips).sum();
    }

    /** Calls to the Versioning service so far (the write-up's "service calls"). */
    public long versioningCalls() {
        return serviceRelays.get(VersioningNode.Role.VERSIONING).roundTrips();
    }

    /** Delay paid so far over every relay. */
    public long delayPaidNanos() {
        return database.delayPaidNanos() + serviceRelays.values().stream().mapToLong(NetworkRelay::delayPaidNanos).sum();
    }

    /** Database operations (statements and commits) so far, all nodes, counted by each node. */
    public long dbOperations() throws Exception {
        return dbOperationsByNode().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Database operations so far, per node (product, user, versioning, workers, cron). */
    public Map<String, Long> dbOperationsByNode() throws Exception {
        Map<String, Long> ops = new java.util.LinkedHashMap<>();
        countsByNode().forEach((node, counts) -> ops.put(node, counts.operations()));
        return ops;
    }

    /** Database operations and round trips so far, per node and kind of connection lease (batch, rolled back, other). */
    public Map<String, CountingDataSource.Counts> countsByNode() throws Exception {
        Map<String, CountingDataSource.Counts> counts = new java.util.LinkedHashMap<>();
        for (Map.Entry<VersioningNode.Role, NodeHandle> n : nodes.entrySet()) {
            counts.put(n.getKey().argName(), CountingDataSource.Counts.parse(n.getValue().call("ops")));
        }
        return counts;
    }

    /**
     * Milliseconds the JIT compilers of every node's JVM have spent so far (each JVM counted once:
     * in process, all nodes share this one).
     */
    public long jitMillis() throws Exception {
        Map<Long, Long> byPid = new java.util.HashMap<>();
        for (NodeHandle n : nodes.values()) {
            byPid.put(n.pid(), Long.parseLong(n.call("jit").trim()));
        }
        return byPid.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Starts the new pipeline's workers (in the workers node). */
    public void startNewWorkers(int workers, int batchSize) throws Exception {
        node(VersioningNode.Role.WORKERS).call("start " + workers + " " + batchSize);
    }

    /**
     * Versions the running workers have written so far, counted before each batch commits (progress
     * only: no database query, so following a run does not load the database it measures).
     */
    public long newVersionsWritten() throws Exception {
        return Long.parseLong(node(VersioningNode.Role.WORKERS).call("progress").trim());
    }

    /** Stops them; returns {batches, versions written} of that run. */
    public long[] stopNewWorkers() throws Exception {
        String[] words = node(VersioningNode.Role.WORKERS).call("stop").trim().split(" ");
        return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
    }

    /** One old-pipeline cron run (in the cron node), stopped after {@code limit}. */
    public OldPipeline.RunStats runOldOnce(Duration limit) throws Exception {
        return Json.read(node(VersioningNode.Role.CRON).call("run " + limit.toMillis()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                OldPipeline.RunStats.class);
    }

    /** Kills a service node (SIGKILL for a process) and starts a new one behind the same relay. */
    public void restart(VersioningNode.Role role) throws Exception {
        kill(role);
        launch(List.of(role), 1);
    }

    /** Kills a node, as a crash would, without starting another. */
    public void kill(VersioningNode.Role role) throws Exception {
        nodes.get(role).kill();
    }

    /** Process ids of the nodes (all this JVM's in process). */
    public List<Long> pids() {
        return nodes.values().stream().map(NodeHandle::pid).toList();
    }

    /** Stops the workers, the cron, the services (each process ends), then the relays. */
    @Override
    public void close() {
        List<VersioningNode.Role> order = List.of(VersioningNode.Role.WORKERS, VersioningNode.Role.CRON, VersioningNode.Role.VERSIONING,
                VersioningNode.Role.USER, VersioningNode.Role.PRODUCT);
        for (VersioningNode.Role role : order) {
            NodeHandle n = nodes.get(role);
            if (n != null) {
                try {
                    n.close();
                } catch (Exception e) {
                    try {
                        n.kill();
                    } catch (Exception ignored) {
                        // nothing more to do
                    }
                }
            }
        }
        serviceRelays.values().forEach(NetworkRelay::close);
        database.close();
    }
}
