package dev.sluice.examples.versioning;

import java.time.Duration;
import java.util.List;

/** What the demo measured. */
public final class DemoFigures {

    private DemoFigures() {
    }

    /**
     * One pipeline's run: {@code records} changes written and versioned in {@code seconds}, the clock
     * started before the first change was written and stopped when the last was published.
     *
     * @param serviceCalls calls to the Versioning service
     * @param dbOperations statements and commits, every node (Sluice's claims and commits included)
     * @param dbOperationsByNode the same, per node
     * @param roundTrips network round trips across every relay (HTTP and PostgreSQL)
     * @param batches batches handled (new pipeline; 0 for the old)
     * @param delayPaidMs network delay paid in total, as the relays measured it
     * @param complete false when an old run was cut at its time limit (measured on the records it finished)
     * @param writeSeconds of {@code seconds}, the time the application took to write the changes (through
     *     the capture trigger, for the new pipeline); the rest is the pipeline catching up after the last write
     * @param roundTripsByHop round trips per hop: {@code db} and each service's HTTP requests
     * @param connectionsByHop connections opened per hop during the run (0: every one was reused)
     * @param countsByNode each node's operations and round trips by kind of connection lease
     *     ({@link CountingDataSource}: batches, rolled back, other)
     */
    public record PipelineRun(long records, double seconds, long serviceCalls, long dbOperations, java.util.Map<String, Long> dbOperationsByNode,
                              long roundTrips, long batches, double delayPaidMs, boolean complete, double writeSeconds,
                              java.util.Map<String, Long> roundTripsByHop, java.util.Map<String, Long> connectionsByHop,
                              java.util.Map<String, CountingDataSource.Counts> countsByNode) {

        /**
         * The new pipeline's batch path: the workers' batch transactions (Sluice's claim and the
         * handler's statements) and every operation of the three services (they serve only batches).
         */
        CountingDataSource.Tally batchPath() {
            long ops = 0;
            long trips = 0;
            for (java.util.Map.Entry<String, CountingDataSource.Counts> e : countsByNode.entrySet()) {
                CountingDataSource.Counts c = e.getValue();
                if (e.getKey().equals("workers")) {
                    ops += c.batch().operations();
                    trips += c.batch().roundTrips();
                } else if (!e.getKey().equals("cron")) {
                    ops += c.operations();
                    trips += c.batch().roundTrips() + c.rolledBack().roundTrips() + c.other().roundTrips();
                }
            }
            return new CountingDataSource.Tally(batches, ops, trips);
        }

        /** The workers' node: transactions that rolled back (idle workers' empty claims). */
        CountingDataSource.Tally emptyClaims() {
            CountingDataSource.Counts c = countsByNode.get("workers");
            return c == null ? new CountingDataSource.Tally(0, 0, 0) : c.rolledBack();
        }

        /** The workers' node: the rest (Sluice's promotion checks, limits, maintenance). */
        CountingDataSource.Tally workersOther() {
            CountingDataSource.Counts c = countsByNode.get("workers");
            return c == null ? new CountingDataSource.Tally(0, 0, 0) : c.other();
        }

        double perSecond() {
            return seconds == 0 ? 0 : records / seconds;
        }

        double perRecord(long count) {
            return records == 0 ? 0 : (double) count / records;
        }

        double perBatch(long count) {
            return batches == 0 ? 0 : (double) count / batches;
        }
    }

    /** Every pipeline at one RTT. */
    public record AtRtt(Duration rtt, PipelineRun newPipeline, PipelineRun newOneWorker, PipelineRun oldPipeline) {

        double speedup() {
            return oldPipeline.perSecond() == 0 ? 0 : newPipeline.perSecond() / oldPipeline.perSecond();
        }

        double rttMillis() {
            return rtt.toNanos() / 1e6;
        }
    }

    /** The RTT sweep on one seeded table. */
    public record Measurement(long products, int changes, int oldChanges, List<AtRtt> runs) {

        /** The run at {@link DemoOptions#HEADLINE_RTT} when measured, else the first. */
        AtRtt headline() {
            return runs.stream().filter(r -> r.rtt().equals(DemoOptions.HEADLINE_RTT)).findFirst().orElse(runs.get(0));
        }
    }

    /**
     * The outcome.
     *
     * @param main the measurement at {@code --products}
     * @param at100k 100,000 products, headline RTT (with scaling only, else null)
     * @param at5m 5,000,000 products, headline RTT (with scaling only, else null)
     * @param json the final JSON line
     */
    public record Result(Measurement main, Measurement at100k, Measurement at5m, String json) {
    }
}
