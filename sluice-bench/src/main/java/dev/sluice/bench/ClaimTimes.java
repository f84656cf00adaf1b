package dev.sluice.bench;

import dev.sluice.worker.ClaimObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * How long each claim statement of a run took, full or empty (a {@link ClaimObserver}): where a
 * latency tail comes from slow claims rather than from waiting for a worker, this shows it.
 */
final class ClaimTimes implements ClaimObserver {

    private final Recorder full = new Recorder(3);
    private final Recorder empty = new Recorder(3);
    private final AtomicLong messages = new AtomicLong();

    @Override
    public void claimed(Claim claim) {
        long micros = Math.max(0, Duration.between(claim.started(), claim.finished()).toNanos() / 1_000);
        (claim.messages().isEmpty() ? empty : full).recordValue(micros);
        messages.addAndGet(claim.messages().size());
    }

    /** {@code claims}, {@code empty_claims}, {@code claim_ms} (p50/p99/max of the claims that found messages), {@code empty_claim_ms}, mean batch size. */
    Map<String, Object> figures() {
        Histogram f = full.getIntervalHistogram();
        Histogram e = empty.getIntervalHistogram();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", f.getTotalCount());
        m.put("empty_claims", e.getTotalCount());
        m.put("mean_batch", f.getTotalCount() == 0 ? 0 : Math.round(messages.get() * 10.0 / f.getTotalCount()) / 10.0);
        m.put("claim_ms", LoadRun.percentiles(f));
        m.put("empty_claim_ms", LoadRun.percentiles(e));
        return m;
    }
}
