package dev.sluice.bench.peers;

import dev.sluice.bench.Result;
import dev.sluice.embedded.DurableTarget;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code sluice bench peers}: Sluice side by side with the libraries a team would otherwise pick
 * (db-scheduler, JobRunr, Graphile Worker, pg-boss, PgQ), on one PostgreSQL server in one run, each
 * peer in a fresh database: enqueue rate (bulk API), burn-down rate of the same no-op jobs until
 * the peer's own tables show none pending, open-loop latency at a fixed offered rate, and an
 * exactly-once check of every job handled. Progress and a table on stderr; one JSON line on {@code out}.
 */
public final class PeersBenchmark {

    private PeersBenchmark() {
    }

    /** {@code java dev.sluice.bench.peers.PeersBenchmark [options]}: see {@link PeersOptions#parse(String[])}. */
    public static void main(String[] args) throws Exception {
        run(PeersOptions.parse(args), System.out);
    }

    /** Runs every repetition of every chosen peer and prints the table (stderr) and the JSON line ({@code out}). */
    public static Result run(PeersOptions options, PrintStream out) throws Exception {
        try (DurableTarget target = DurableTarget.of(options.jdbcUrl(), System.err::println)) {
            PeerServer server = new PeerServer(target.jdbcUrl());
            Map<String, String> settings = server.settings();
            if (!PeerServer.durable(settings) && !options.allowNonDurable()) {
                throw new IllegalStateException("The server runs with fsync=" + settings.get("fsync") + ", synchronous_commit="
                        + settings.get("synchronous_commit") + ": figures without durable commits would not compare. Turn both on "
                        + "(or leave out --jdbc-url to use an embedded durable PostgreSQL).");
            }
            System.err.println("Server: PostgreSQL " + settings.get("server_version") + ", fsync=" + settings.get("fsync")
                    + ", synchronous_commit=" + settings.get("synchronous_commit") + ", full_page_writes=" + settings.get("full_page_writes"));
            List<PeerRun> runs = new ArrayList<>();
            Map<String, String> versions = new java.util.LinkedHashMap<>();
            List<List<String>> orders = new ArrayList<>();
            for (int repetition = 1; repetition <= options.repetitions(); repetition++) {
                List<String> order = order(options.peers(), repetition);
                orders.add(order);
                for (String name : order) {
                    runs.add(runPeer(name, repetition, server, options, versions));
                }
            }
            PeersReport report = new PeersReport(options, settings, target.embedded().isPresent(), orders, runs, versions);
            System.err.println(report.table());
            Result result = new Result(report.figures());
            out.println(result.toJson());
            return result;
        }
    }

    /** The peers in the order given, reversed every other repetition, so that no peer always runs first (or on a warmer server). */
    static List<String> order(List<String> peers, int repetition) {
        List<String> order = new ArrayList<>(peers);
        if (repetition % 2 == 0) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    static Peer create(String name, PeersOptions options) {
        return switch (name) {
            case "sluice" -> new SluicePeer(options.workers(), options.batch());
            case "db-scheduler" -> new DbSchedulerPeer();
            case "jobrunr" -> new JobRunrPeer();
            case "graphile" -> NodePeer.graphile();
            case "pgboss" -> NodePeer.pgboss();
            case "pgq" -> new PgqPeer();
            case StreamsPeer.NAME -> new StreamsPeer();
            default -> throw new IllegalArgumentException("unknown peer " + name);
        };
    }

    private static PeerRun runPeer(String name, int repetition, PeerServer server, PeersOptions options, Map<String, String> versions) {
        Peer peer = create(name, options);
        System.err.println();
        System.err.println("== " + name + " (repetition " + repetition + ")");
        try {
            peer.checkAvailable(server.url());
        } catch (PeerUnavailable e) {
            System.err.println(e.getMessage());
            return PeerRun.skipped(name, repetition, e.getMessage());
        }
        try {
            String url = server.freshDatabase(name);
            try (peer) {
                peer.open(url);
                versions.put(name, peer.version()); // known once the peer has seen the server (PgQ's extension version)
                System.err.println(peer.version() + " " + peer.settings());
                return measure(peer, repetition, options, () -> server.prepare(url));
            } finally {
                server.drop(name);
            }
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            System.err.println(name + " failed: " + reason);
            e.printStackTrace(System.err);
            return PeerRun.failed(name, repetition, reason);
        }
    }

    /** The preparation before a measured burn-down ({@link PeerServer#prepare}). */
    interface Preparation {
        void run() throws Exception;
    }

    private static PeerRun measure(Peer peer, int repetition, PeersOptions options, Preparation prepare) throws Exception {
        // Warm-up (JIT, pools, plans), not counted; its rate decides whether a slow peer gets fewer jobs.
        int warm = Math.min(options.jobs(), Math.max(1_000, options.jobs() / 20));
        enqueue(peer, warm, "warm-up enqueue");
        HandledIds warmIds = new HandledIds(warm);
        double warmSeconds = burn(peer, warm, warmIds, "warm-up burn-down");
        // Sluice, the subject, always gets the full count; a peer gets fewer only if it would take longer than --peer-seconds.
        int jobs = peer.name().equals("sluice") ? options.jobs()
                : (int) Math.min(options.jobs(), Math.max(warm, warm / warmSeconds * options.peerSeconds()));
        boolean scaled = jobs < options.jobs();
        if (scaled) {
            System.err.printf("%s burned %,d warm-up jobs at %,.0f/s: measuring %,d jobs, not %,d (about %d s)%n",
                    peer.name(), warm, warm / warmSeconds, jobs, options.jobs(), options.peerSeconds());
        }
        double enqueueSeconds = enqueue(peer, jobs, "enqueue");
        HandledIds ids = new HandledIds(jobs);
        prepare.run();
        double burnSeconds = burn(peer, jobs, ids, "burn-down");

        int warmLatency = options.rate() * PeersOptions.LATENCY_WARMUP_SECONDS;
        int total = warmLatency + options.rate() * options.latencySeconds();
        double[] latency = new double[total];
        HandledIds latencyIds = new HandledIds(total);
        AtomicLong progress = new AtomicLong();
        PhaseBar.follow(peer.name() + " latency at " + options.rate() + "/s", total, () -> Math.max(progress.get(), latencyIds.total()), () -> {
            peer.latency(options.rate(), total, latency, latencyIds, progress);
            return null;
        });
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int seq = warmLatency; seq < total; seq++) {
            if (latency[seq] >= 0) {
                histogram.recordValue(Math.max(0, Math.min(3_600_000_000L, (long) latency[seq])));
            }
        }
        HandledIds.Verdict verdict = warmIds.verdict().plus(ids.verdict()).plus(latencyIds.verdict());
        long pendingAfter = peer.pending();
        PeerRun run = new PeerRun(peer.name(), repetition, jobs, scaled, jobs / enqueueSeconds, jobs / burnSeconds,
                millis(histogram, 50), millis(histogram, 99), histogram.getTotalCount(), verdict, pendingAfter, null, null);
        System.err.printf("%s: enqueue %,.0f/s, burn-down %,.0f/s, latency p50 %.2f ms p99 %.2f ms; %s; %d pending after%n",
                peer.name(), run.enqueuePerSecond(), run.burnPerSecond(), run.latencyP50Ms(), run.latencyP99Ms(), verdict, pendingAfter);
        return run;
    }

    private static double enqueue(Peer peer, int n, String task) throws Exception {
        AtomicLong done = new AtomicLong();
        return PhaseBar.follow(peer.name() + " " + task, n, done::get, () -> peer.enqueue(0, n, done));
    }

    private static double burn(Peer peer, int n, HandledIds ids, String task) throws Exception {
        AtomicLong progress = new AtomicLong();
        return PhaseBar.follow(peer.name() + " " + task, n, () -> Math.max(progress.get(), ids.total()),
                () -> peer.burnDown(n, ids, progress));
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
    }
}
