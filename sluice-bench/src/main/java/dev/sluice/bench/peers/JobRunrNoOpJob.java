package dev.sluice.bench.peers;

import java.util.function.IntConsumer;

/**
 * The no-op job JobRunr runs: JobRunr stores a job as a call to a public method (here a static
 * one, so no job activator is needed) and its argument, the job's id.
 */
public final class JobRunrNoOpJob {

    /** Where runs are reported; set by {@link JobRunrPeer} (one JobRunr peer runs at a time). */
    static volatile IntConsumer sink = id -> { };

    private JobRunrNoOpJob() {
    }

    /** The job: reports its id. */
    public static void run(Integer id) {
        sink.accept(id);
    }
}
