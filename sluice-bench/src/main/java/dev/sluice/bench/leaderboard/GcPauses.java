package dev.sluice.bench.leaderboard;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * The JVM's collections during a phase, from the collector beans (no GC log needed): how many and
 * their total time, so a latency tail can be told apart from the design. For G1 and Parallel the
 * time is stop-the-world pause time; for ZGC only the "Pauses" bean counts pauses (its "Cycles" bean
 * counts concurrent work, left out).
 */
final class GcPauses {

    private final long count;
    private final long millis;

    private GcPauses(long count, long millis) {
        this.count = count;
        this.millis = millis;
    }

    static GcPauses start() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : pausing()) {
            count += b.getCollectionCount();
            millis += b.getCollectionTime();
        }
        return new GcPauses(count, millis);
    }

    /** Adds {@code <prefix>gc_pauses} and {@code <prefix>gc_pause_ms} since {@link #start}. */
    void put(Map<String, Object> r, String prefix) {
        GcPauses now = start();
        r.put(prefix + "gc_pauses", now.count - count);
        r.put(prefix + "gc_pause_ms", now.millis - millis);
    }

    private static List<GarbageCollectorMXBean> pausing() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().filter(b -> !b.getName().contains("Cycles")).toList();
    }
}
