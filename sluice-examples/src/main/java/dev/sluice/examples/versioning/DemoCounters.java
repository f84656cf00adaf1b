package dev.sluice.examples.versioning;

import dev.sluice.examples.versioning.DemoFigures.PipelineRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every count the deployment keeps, read at one moment (before and after a measured run); a run's
 * figures are the differences.
 */
record DemoCounters(Map<String, CountingDataSource.Counts> countsByNode, long roundTrips, long calls, long delayNanos,
                    Map<String, Long> tripsByHop, Map<String, Long> connectionsByHop) {

    Map<String, Long> opsByNode() {
        Map<String, Long> ops = new LinkedHashMap<>();
        countsByNode.forEach((node, counts) -> ops.put(node, counts.operations()));
        return ops;
    }

    long ops() {
        return opsByNode().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The run between {@code before} and these counts. */
    PipelineRun since(DemoCounters before, long records, double seconds, double written, long batches, boolean complete) {
        return new PipelineRun(records, seconds, calls - before.calls, ops() - before.ops(), minus(opsByNode(), before.opsByNode()),
                roundTrips - before.roundTrips, batches, (delayNanos - before.delayNanos) / 1e6, complete, written,
                minus(tripsByHop, before.tripsByHop), minus(connectionsByHop, before.connectionsByHop),
                minusCounts(countsByNode, before.countsByNode));
    }

    private static Map<String, CountingDataSource.Counts> minusCounts(Map<String, CountingDataSource.Counts> after,
                                                                     Map<String, CountingDataSource.Counts> before) {
        Map<String, CountingDataSource.Counts> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, before.containsKey(k) ? v.minus(before.get(k)) : v));
        return d;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }
}
