package dev.sluice.bench.peers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One peer's figures in one repetition; {@code skipped} or {@code failed} says why there are none.
 *
 * @param peer the peer's name
 * @param repetition 1-based
 * @param jobs jobs burned down (fewer than asked when {@code scaled})
 * @param scaled whether the job count was scaled down for a slow peer
 * @param enqueuePerSecond jobs enqueued a second with the bulk API
 * @param burnPerSecond jobs a second from starting the workers until the peer's tables showed none pending
 * @param latencyP50Ms open-loop latency, due time to handler start, median
 * @param latencyP99Ms the same, 99th percentile
 * @param latencyJobs jobs measured for latency (warm-up excluded)
 * @param verdict the exactly-once check over every phase's jobs
 * @param pendingAfter jobs pending in the peer's tables at the end
 * @param skipped why the peer did not run (runtime absent), else null
 * @param failed why the run failed, else null
 */
record PeerRun(String peer, int repetition, int jobs, boolean scaled, double enqueuePerSecond, double burnPerSecond,
               double latencyP50Ms, double latencyP99Ms, long latencyJobs, HandledIds.Verdict verdict, long pendingAfter,
               String skipped, String failed) {

    static PeerRun skipped(String peer, int repetition, String reason) {
        return new PeerRun(peer, repetition, 0, false, 0, 0, 0, 0, 0, null, 0, reason, null);
    }

    static PeerRun failed(String peer, int repetition, String reason) {
        return new PeerRun(peer, repetition, 0, false, 0, 0, 0, 0, 0, null, 0, null, reason);
    }

    /** Figures that count: the run completed, every job ran exactly once and nothing was left pending. */
    boolean valid() {
        return skipped == null && failed == null && verdict != null && verdict.exactlyOnce() && pendingAfter == 0;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repetition", repetition);
        if (skipped != null) {
            m.put("skipped", skipped);
            return m;
        }
        if (failed != null) {
            m.put("failed", failed);
            return m;
        }
        m.put("jobs", jobs);
        m.put("scaled", scaled);
        m.put("enqueue_per_s", round(enqueuePerSecond));
        m.put("burn_per_s", round(burnPerSecond));
        m.put("latency_p50_ms", latencyP50Ms);
        m.put("latency_p99_ms", latencyP99Ms);
        m.put("latency_jobs", latencyJobs);
        m.put("exactly_once", verdict.exactlyOnce());
        m.put("exactly_once_check", verdict.toString());
        m.put("pending_after", pendingAfter);
        m.put("valid", valid());
        return m;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
