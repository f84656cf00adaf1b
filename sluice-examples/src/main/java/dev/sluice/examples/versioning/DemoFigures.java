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
     */
    public record PipelineRun(long records, double seconds, long serviceCalls, long dbOperations, java.util.Map<String, Long> dbOperationsByNode,
                              long roundTrips, long batches, double delayPaidMs, boolean complete, double writeSeconds,
                              java.util.Map<String, Long> roundTripsByHop, java.util.Map<String, Long> connectionsByHop) {

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
