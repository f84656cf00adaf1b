package dev.sluice.bench.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a run: per peer the median over its valid repetitions, ratios of Sluice's
 * burn-down to each peer's (same run), the goals, and the run's setting; as a table and as
 * the JSON line's map. Runs that failed the exactly-once check or left jobs pending are shown but
 * not counted.
 */
final class PeersReport {

    private final PeersOptions options;
    private final Map<String, String> server;
    private final boolean embedded;
    private final List<List<String>> orders;
    private final List<PeerRun> runs;
    private final Map<String, String> versions;

    PeersReport(PeersOptions options, Map<String, String> server, boolean embedded, List<List<String>> orders, List<PeerRun> runs,
                Map<String, String> versions) {
        this.versions = versions;
        this.options = options;
        this.server = server;
        this.embedded = embedded;
        this.orders = orders;
        this.runs = runs;
    }

    private List<PeerRun> valid(String peer) {
        return runs.stream().filter(r -> r.peer().equals(peer) && r.valid()).toList();
    }

    private static double median(List<PeerRun> runs, ToDoubleFunction<PeerRun> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The peers the goals compare Sluice's queue with: every library but Sluice's own (the queue itself, its streams). */
    static boolean countsForGoals(String peer) {
        return !peer.equals("sluice") && !peer.equals(StreamsPeer.NAME);
    }

    private double burn(String peer) {
        return median(valid(peer), PeerRun::burnPerSecond);
    }

    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("benchmark", "peers");
        f.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        f.put("cpu", cpuModel());
        f.put("cores", Runtime.getRuntime().availableProcessors());
        f.put("jobs", options.jobs());
        f.put("latency_rate_per_s", options.rate());
        f.put("latency_seconds", options.latencySeconds());
        f.put("repetitions", options.repetitions());
        f.put("embedded_server", embedded);
        f.put("server", server);
        f.put("order", orders);
        Map<String, Object> peers = new LinkedHashMap<>();
        double sluice = burn("sluice");
        String fastest = null;
        double fastestBurn = 0;
        boolean latencyOk = true;
        double sluiceP99 = median(valid("sluice"), PeerRun::latencyP99Ms);
        for (String peer : options.peers()) {
            Map<String, Object> p = new LinkedHashMap<>();
            List<PeerRun> all = runs.stream().filter(r -> r.peer().equals(peer)).toList();
            List<PeerRun> ok = valid(peer);
            Peer described = PeersBenchmark.create(peer, options);
            p.put("version", versions.getOrDefault(peer, described.name() + " (did not run)"));
            if (peer.equals(StreamsPeer.NAME)) {
                p.put("counts_for_goals", false); // Sluice's own event log, a different model: shown, not compared
            }
            p.put("settings", described.settings());
            if (!ok.isEmpty()) {
                double b = burn(peer);
                p.put("burn_per_s", PeerRun.round(b));
                p.put("enqueue_per_s", PeerRun.round(median(ok, PeerRun::enqueuePerSecond)));
                p.put("latency_p50_ms", median(ok, PeerRun::latencyP50Ms));
                p.put("latency_p99_ms", median(ok, PeerRun::latencyP99Ms));
                if (!peer.equals("sluice") && !Double.isNaN(sluice)) {
                    p.put("sluice_burn_ratio", Math.round(sluice / b * 100) / 100.0);
                    p.put("sluice_burn_ratios_by_repetition", ok.stream().map(this::sameRepetitionRatio)
                            .filter(r -> !Double.isNaN(r)).map(r -> Math.round(r * 100) / 100.0).toList());
                }
                if (countsForGoals(peer) && !Double.isNaN(sluice)) {
                    if (b > fastestBurn) {
                        fastestBurn = b;
                        fastest = peer;
                    }
                    double p99 = median(ok, PeerRun::latencyP99Ms);
                    latencyOk &= Double.isNaN(sluiceP99) || sluiceP99 <= p99;
                }
            }
            p.put("runs", all.stream().map(PeerRun::toMap).toList());
            peers.put(peer, p);
        }
        f.put("peers", peers);
        if (fastest != null && !Double.isNaN(sluice)) {
            f.put("fastest_peer", fastest);
            f.put("sluice_vs_fastest_peer_burn", Math.round(sluice / fastestBurn * 100) / 100.0);
            f.put("goal_3x_fastest_peer", sluice >= 3 * fastestBurn);
            boolean tenX = true;
            for (String java : List.of("db-scheduler", "jobrunr")) {
                double b = burn(java);
                if (!Double.isNaN(b)) {
                    tenX &= sluice >= 10 * b;
                }
            }
            f.put("goal_10x_db_scheduler_jobrunr", tenX);
            f.put("goal_latency_p99_no_worse_than_any_peer", latencyOk);
        }
        f.put("all_runs_valid", runs.stream().allMatch(r -> r.valid() || r.skipped() != null));
        return f;
    }

    /** Sluice's burn-down over this run's, both of the same repetition (NaN when Sluice's is not valid). */
    private double sameRepetitionRatio(PeerRun r) {
        return runs.stream().filter(s -> s.peer().equals("sluice") && s.repetition() == r.repetition() && s.valid())
                .mapToDouble(s -> s.burnPerSecond() / r.burnPerSecond()).findFirst().orElse(Double.NaN);
    }

    /** The table printed at the end of the run; "Sluice is" compares with Sluice's run of the same repetition. */
    String table() {
        StringBuilder t = new StringBuilder("\n");
        t.append(String.format("%-15s %-4s %10s %14s %14s %10s %9s %9s  %s%n", "peer", "rep", "jobs", "enqueue/s", "burn-down/s",
                "Sluice is", "p50 ms", "p99 ms", "end state"));
        for (PeerRun r : runs) {
            if (r.skipped() != null || r.failed() != null) {
                t.append(String.format("%-15s %-4d %s%n", r.peer(), r.repetition(), r.skipped() != null ? "skipped: " + r.skipped() : "FAILED: " + r.failed()));
                continue;
            }
            double same = r.peer().equals("sluice") ? Double.NaN : sameRepetitionRatio(r);
            String ratio = Double.isNaN(same) ? "" : String.format("%.2fx", same);
            String state = r.valid() ? "exactly once, 0 pending" : "NOT COUNTED: " + r.verdict() + ", " + r.pendingAfter() + " pending";
            t.append(String.format("%-15s %-4d %10s %,14.0f %,14.0f %10s %9.2f %9.2f  %s%n", r.peer(), r.repetition(),
                    String.format("%,d%s", r.jobs(), r.scaled() ? "*" : ""), r.enqueuePerSecond(), r.burnPerSecond(), ratio,
                    r.latencyP50Ms(), r.latencyP99Ms(), state));
        }
        t.append(String.format("* fewer jobs than --jobs %,d: scaled to about %d s of that peer's warm-up rate.%n", options.jobs(), options.peerSeconds()));
        if (options.peers().contains(StreamsPeer.NAME)) {
            t.append("sluice-streams is Sluice's event log (one subscription, like PgQ), a different model from the job queues: not counted for the goals.\n");
        }
        t.append(String.format("Latency: open loop at %d jobs/s for %d s (after %d s warm-up), due time to handler start.%n",
                options.rate(), options.latencySeconds(), PeersOptions.LATENCY_WARMUP_SECONDS));
        t.append("Server: ").append(server).append('\n');
        return t.toString();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception e) {
            // not Linux: the JSON says unknown
        }
        return "unknown";
    }
}
