package dev.sluice.examples.versioning;

import dev.sluice.examples.versioning.DemoFigures.AtRtt;
import dev.sluice.examples.versioning.DemoFigures.Measurement;
import dev.sluice.examples.versioning.DemoFigures.PipelineRun;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The demo's output: the write-up's table at the headline RTT, the RTT sweep, scaling, and one JSON line. */
final class DemoReport {

    private DemoReport() {
    }

    /** An RTT in milliseconds as people write it: 0, 0.2, 0.5, 1. */
    static String millis(Duration rtt) {
        return BigDecimal.valueOf(rtt.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    static void printTable(Measurement m, PrintStream out) {
        AtRtt h = m.headline();
        PipelineRun o = h.oldPipeline();
        PipelineRun n = h.newPipeline();
        out.println();
        out.printf(Locale.ROOT, "Versioning pipeline, %,d products, %,d changes (old: %,d), network RTT %s ms%n", m.products(), m.changes(),
                m.oldChanges(), millis(h.rtt()));
        out.printf(Locale.ROOT, "| %-22s | %-36s | %-36s |%n", "Metric", "Before (cron + scan)", "After (Sluice queue + batch)");
        out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(24), "-".repeat(38), "-".repeat(38));
        row(out, "Execution", "cron + full table scan", "trigger capture + queue + batch");
        row(out, "Service calls", String.format(Locale.ROOT, "1 / record (%,d calls)", o.serviceCalls()),
                String.format(Locale.ROOT, "1 / batch (%,d calls)", n.serviceCalls()));
        row(out, "DB operations", String.format(Locale.ROOT, "%.2f / record", o.perRecord(o.dbOperations())),
                String.format(Locale.ROOT, "%.2f / batch (%.3f / record)", n.perBatch(n.batchPath().operations()),
                        n.perRecord(n.batchPath().operations())));
        row(out, "Network round trips", String.format(Locale.ROOT, "%.2f / record", o.perRecord(o.roundTrips())),
                String.format(Locale.ROOT, "%.2f / batch (%.1f with idle workers')", batchPathTrips(n), n.perBatch(n.roundTrips())));
        row(out, "Records", String.format(Locale.ROOT, "%,d in %.1f s%s", o.records(), o.seconds(), o.complete() ? "" : " (time slice)"),
                String.format(Locale.ROOT, "%,d in %.2f s", n.records(), n.seconds()));
        row(out, "Throughput", String.format(Locale.ROOT, "%,.0f records/s", o.perSecond()), String.format(Locale.ROOT, "%,.0f records/s", n.perSecond()));
        row(out, "Scaling", "table size", "change volume");
        out.printf(Locale.ROOT, "New pipeline's DB operations per batch on the batch path, by node: %s (workers: Sluice's claim,"
                + " the write sent with the commit)%n", batchPathByNode(n));
        out.printf(Locale.ROOT, "Speedup: %.1fx (new with 1 worker: %,.0f records/s, %.1fx)%n", h.speedup(), h.newOneWorker().perSecond(),
                h.newOneWorker().perSecond() / o.perSecond());
        printDecomposition(h, out);
        out.println();
        out.println("Speedup by network RTT (each row: every pipeline measured at that RTT, in this run)");
        out.printf(Locale.ROOT, "| %-8s | %-12s | %-14s | %-14s | %-9s | %-14s | %-13s | %-13s | %-12s |%n", "RTT (ms)", "old rec/s", "new rec/s",
                "new 1 worker", "speedup", "1-worker spdup", "old RT/record", "new RT/batch", "new ops/batch");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(10), "-".repeat(14), "-".repeat(16), "-".repeat(16), "-".repeat(11),
                "-".repeat(16), "-".repeat(15), "-".repeat(15), "-".repeat(14));
        for (AtRtt r : m.runs()) {
            out.printf(Locale.ROOT, "| %-8s | %,12.0f | %,14.0f | %,14.0f | %8.1fx | %13.1fx | %13.2f | %13.1f | %12.1f |%n", millis(r.rtt()),
                    r.oldPipeline().perSecond(), r.newPipeline().perSecond(), r.newOneWorker().perSecond(), r.speedup(),
                    r.newOneWorker().perSecond() / r.oldPipeline().perSecond(), r.oldPipeline().perRecord(r.oldPipeline().roundTrips()),
                    r.newPipeline().perBatch(r.newPipeline().roundTrips()), r.newPipeline().perBatch(r.newPipeline().batchPath().operations()));
        }
        out.println();
    }

    /**
     * Where the time went at the headline RTT: the new pipeline's writes (through the capture trigger)
     * against the catching up after them, its round trips per batch by hop, what its workers did besides
     * the batch path, and the connections opened (keep-alive and pools reuse theirs).
     */
    static void printDecomposition(AtRtt h, PrintStream out) {
        PipelineRun n = h.newPipeline();
        PipelineRun one = h.newOneWorker();
        PipelineRun o = h.oldPipeline();
        out.printf(Locale.ROOT, "Where the time goes at RTT %s ms:%n", millis(h.rtt()));
        out.printf(Locale.ROOT, "  new, 8 workers: %.2f s = %.2f s writing %,d changes (statements of %,d, through the capture trigger)"
                + " + %.2f s until the last batch committed%n", n.seconds(), n.writeSeconds(), n.records(), ChangeWorkload.CHUNK,
                n.seconds() - n.writeSeconds());
        out.printf(Locale.ROOT, "  new, 1 worker:  %.2f s = %.2f s writing + %.2f s catching up%n", one.seconds(), one.writeSeconds(),
                one.seconds() - one.writeSeconds());
        out.printf(Locale.ROOT, "  old:            %.2f s = %.2f s writing %,d changes + %.2f s for the cron run (scan, then %,d calls)%n", o.seconds(),
                o.writeSeconds(), o.records(), o.seconds() - o.writeSeconds(), o.serviceCalls());
        out.printf(Locale.ROOT, "  new round trips per batch by hop, as the relays counted them: %s (%.1f in all; the batch path: %.2f ="
                + " db %.2f (claim, product read, user read, write with commit) + http 3)%n", perBatch(n, n.roundTripsByHop()),
                n.perBatch(n.roundTrips()), batchPathTrips(n), n.perBatch(n.batchPath().roundTrips()));
        out.printf(Locale.ROOT, "  old round trips per record by hop: %s%n", perRecord(o, o.roundTripsByHop()));
        CountingDataSource.Tally empty = n.emptyClaims();
        CountingDataSource.Tally other = n.workersOther();
        out.printf(Locale.ROOT, "  new workers outside the batch path: %,d empty claims (%.2f per batch, %.2f operations and %.2f round trips"
                + " per batch with their rollbacks); other work %.2f operations per batch (Sluice's checks for"
                + " due scheduled messages and its limits; no delivery record since the core reads crashes from the rows)%n", empty.leases(), n.perBatch(empty.leases()), n.perBatch(empty.operations()),
                n.perBatch(empty.roundTrips()), n.perBatch(other.operations()));
        out.printf(Locale.ROOT, "  connections opened during the runs: new %s; old %s%n", n.connectionsByHop(), o.connectionsByHop());
    }

    private static String perBatch(PipelineRun n, Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", n.perBatch(v))));
        return b.toString();
    }

    private static String perRecord(PipelineRun o, Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", o.perRecord(v))));
        return b.toString();
    }

    /** The batch path's round trips per batch: the database's as counted per lease, plus the three HTTP calls as the relays counted them. */
    static double batchPathTrips(PipelineRun n) {
        long http = n.roundTripsByHop().entrySet().stream().filter(e -> !e.getKey().equals("db")).mapToLong(Map.Entry::getValue).sum();
        return n.perBatch(n.batchPath().roundTrips() + http);
    }

    private static String batchPathByNode(PipelineRun n) {
        StringBuilder b = new StringBuilder();
        n.countsByNode().forEach((node, c) -> {
            long ops = node.equals("workers") ? c.batch().operations() : node.equals("cron") ? 0 : c.operations();
            b.append(b.length() == 0 ? "" : ", ").append(node).append(' ').append(String.format(Locale.ROOT, "%.2f", n.perBatch(ops)));
        });
        return b.toString();
    }

    private static void row(PrintStream out, String metric, String before, String after) {
        out.printf(Locale.ROOT, "| %-22s | %-36s | %-36s |%n", metric, before, after);
    }

    static void printScaling(Measurement small, Measurement large, PrintStream out) {
        out.printf(Locale.ROOT, "Scaling, %,d changes at RTT %s ms: new %.2f s -> %.2f s (x%.2f); old %.1f s -> %.1f s (x%.2f), from %,d to %,d products%n",
                small.changes(), millis(small.headline().rtt()), small.headline().newPipeline().seconds(), large.headline().newPipeline().seconds(),
                timeRatio(small, large, true), small.headline().oldPipeline().seconds(), large.headline().oldPipeline().seconds(),
                timeRatio(small, large, false), small.products(), large.products());
    }

    /** Time per record at 5M over time per record at 100k. */
    static double timeRatio(Measurement small, Measurement large, boolean newPipeline) {
        PipelineRun s = newPipeline ? small.headline().newPipeline() : small.headline().oldPipeline();
        PipelineRun l = newPipeline ? large.headline().newPipeline() : large.headline().oldPipeline();
        return (l.seconds() / l.records()) / (s.seconds() / s.records());
    }

    static String json(Measurement m, Measurement small, Measurement large, VersioningDeployment.Mode mode) {
        AtRtt h = m.headline();
        PipelineRun o = h.oldPipeline();
        PipelineRun n = h.newPipeline();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("products", m.products());
        j.put("changes", m.changes());
        j.put("old_changes", m.oldChanges());
        j.put("deployment", mode == VersioningDeployment.Mode.PROCESSES ? "processes" : "in-process");
        j.put("network_rtt_ms", Double.parseDouble(millis(h.rtt())));
        j.put("old_per_s", round(o.perSecond()));
        j.put("new_per_s", round(n.perSecond()));
        j.put("new_1_worker_per_s", round(h.newOneWorker().perSecond()));
        j.put("speedup", round(h.speedup()));
        j.put("new_db_ops_per_record", round(n.perRecord(n.dbOperations())));
        j.put("old_db_ops_per_record", round(o.perRecord(o.dbOperations())));
        j.put("new_db_ops_per_batch", round(n.perBatch(n.batchPath().operations())));
        j.put("new_db_round_trips_per_batch", round(n.perBatch(n.batchPath().roundTrips())));
        j.put("new_db_ops_per_batch_all_counted", round(n.perBatch(n.dbOperations())));
        j.put("new_empty_claims_per_batch", round(n.perBatch(n.emptyClaims().leases())));
        j.put("new_workers_other_ops_per_batch", round(n.perBatch(n.workersOther().operations())));
        Map<String, Object> byNode = new LinkedHashMap<>();
        n.dbOperationsByNode().forEach((node, ops) -> byNode.put(node, round(n.perBatch(ops))));
        j.put("new_db_ops_per_batch_by_node_all_counted", byNode);
        j.put("old_round_trips_per_record", round(o.perRecord(o.roundTrips())));
        j.put("new_round_trips_per_batch", round(n.perBatch(n.roundTrips())));
        j.put("new_batches", n.batches());
        j.put("new_service_calls", n.serviceCalls());
        j.put("old_service_calls", o.serviceCalls());
        j.put("new_seconds", round(n.seconds()));
        j.put("new_write_seconds", round(n.writeSeconds()));
        Map<String, Object> hops = new LinkedHashMap<>();
        n.roundTripsByHop().forEach((hop, trips) -> hops.put(hop, round(n.perBatch(trips))));
        j.put("new_round_trips_per_batch_by_hop", hops);
        Map<String, Object> oldHops = new LinkedHashMap<>();
        o.roundTripsByHop().forEach((hop, trips) -> oldHops.put(hop, round(o.perRecord(trips))));
        j.put("old_round_trips_per_record_by_hop", oldHops);
        j.put("old_seconds", round(o.seconds()));
        j.put("old_records_measured", o.records());
        j.put("old_complete", o.complete());
        Map<String, Object> speedups = new LinkedHashMap<>();
        for (AtRtt r : m.runs()) {
            speedups.put(millis(r.rtt()), round(r.speedup()));
        }
        j.put("speedup_at_rtt", speedups);
        if (small != null && large != null) {
            j.put("new_time_ratio_5m_vs_100k", round(timeRatio(small, large, true)));
            j.put("old_time_ratio_5m_vs_100k", round(timeRatio(small, large, false)));
            j.put("new_seconds_100k", round(small.headline().newPipeline().seconds()));
            j.put("new_seconds_5m", round(large.headline().newPipeline().seconds()));
            j.put("old_seconds_100k", round(small.headline().oldPipeline().seconds()));
            j.put("old_seconds_5m", round(large.headline().oldPipeline().seconds()));
        }
        return Json.text(j);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
