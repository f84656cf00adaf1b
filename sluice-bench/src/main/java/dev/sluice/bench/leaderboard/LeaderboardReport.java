package dev.sluice.bench.leaderboard;

import java.io.PrintStream;
import java.util.Map;

/** The human-readable table of a {@link LeaderboardBenchmark} run (the JSON line follows it). */
final class LeaderboardReport {

    private LeaderboardReport() {
    }

    static void print(PrintStream out, Map<String, Object> r) {
        out.println();
        out.printf("%s, %s cores, %s; PostgreSQL %s%n", r.get("cpu"), r.get("cores"), r.get("date"), r.get("postgres"));
        row(out, "", "Sluice", "floor", "Redis always", "Redis everysec");
        row(out, "ingest, closed loop (events/s)", r.get("sluice_closed_loop_per_s"), r.get("floor_per_s"), r.get("redis_always_per_s"),
                r.get("redis_everysec_per_s"));
        row(out, "  Sluice as a ratio of it", "1", r.get("ratio_vs_floor"), r.get("ratio_vs_redis_always"), r.get("ratio_vs_redis_everysec"));
        row(out, "ingest + tail, closed loop (events/s)", r.get("sluice_folded_per_s"), "", "", "");
        row(out, "  as a ratio of the floor", r.get("ratio_folded_vs_floor"), "", "", "");
        row(out, "sustained capacity (events/s)", r.get("capacity_per_s"), "", "", "");
        row(out, "latency phase load (events/s)", r.get("offered_per_s"), "", r.get("redis_offered_per_s"), "");
        row(out, "top-100 served read p99 (ms)", r.get("read_p99_ms"), "", r.get("redis_read_p99_ms"), "");
        row(out, "  its service time alone p99 (ms)", r.get("read_service_p99_ms"), "", "", "");
        row(out, "  a no-op on the same schedule p99 (ms)", r.get("harness_p99_ms"), "", "", "");
        row(out, "rank p99 (ms)", r.get("rank_p99_ms"), "", r.get("redis_rank_p99_ms"), "");
        row(out, "top-100 exact query p99 (ms)", r.get("query_read_p99_ms"), "", "", "");
        row(out, "single-event ingest p99 (ms)", r.get("ingest_p99_ms"), "", r.get("redis_ingest_p99_ms"), "");
        row(out, "freshness p99 (ms)", r.get("freshness_p99_ms"), "", "", "");
        row(out, "at " + r.get("seed_offered_per_s") + "/s: read / query / insert p99", r.get("seed_read_p99_ms") + " / "
                + r.get("seed_query_read_p99_ms") + " / " + r.get("seed_ingest_p99_ms"), "", "", "");
        row(out, "  bare single-row INSERT p99 beside it (ms)", r.get("seed_bare_single_p99_ms"), "", "", "");
        row(out, "  read service alone / no-op p99 (ms)", r.get("seed_read_service_p99_ms") + " / " + r.get("seed_harness_p99_ms"), "", "", "");
        row(out, "single ingest alone / bare INSERT p99 (ms)", r.get("alone_ingest_p99_ms") + " / " + r.get("alone_bare_single_p99_ms"),
                "", "", "");
        if (r.containsKey("serving_capacity_per_s")) {
            row(out, "capacity while serving the readers", r.get("serving_capacity_per_s"), "", "", "");
            row(out, "  at 80 %: read / exact query p99 (ms)", r.get("serving_read_p99_ms") + " / " + r.get("serving_query_read_p99_ms"),
                    "", "", "");
            row(out, "  at 80 %: insert / freshness p99 (ms)", r.get("serving_ingest_p99_ms") + " / " + r.get("serving_freshness_p99_ms"),
                    "", "", "");
            row(out, "  at 80 %: no-op p99 (ms)", r.get("serving_harness_p99_ms"), "", "", "");
        }
        out.println("JVM collections (count, total ms) in the latency phase: " + r.get("gc_pauses") + ", " + r.get("gc_pause_ms")
                + "; at the write-up's rate: " + r.get("seed_gc_pauses") + ", " + r.get("seed_gc_pause_ms"));
        out.println("one batch explained, Sluice: " + r.get("ingest_explain"));
        out.println("the same batch read by the tail, Sluice: " + r.get("tail_explain"));
        out.println("checkpoint after the closed loop: " + r.get("checkpoint_rows") + " rows in " + r.get("checkpoint_ms") + " ms");
        out.println("restart (rebuild from checkpoint and inbox): " + r.get("restart_rebuild_ms") + " ms");
        out.println("one batch explained, floor:  " + r.get("floor_explain"));
        if (r.containsKey("redis_skipped")) {
            out.println(r.get("redis_skipped"));
        }
    }

    private static void row(PrintStream out, String label, Object a, Object b, Object c, Object d) {
        out.printf("%-40s %14s %10s %13s %15s%n", label, text(a), text(b), text(c), text(d));
    }

    private static String text(Object v) {
        return v == null ? "-" : v.toString();
    }
}
