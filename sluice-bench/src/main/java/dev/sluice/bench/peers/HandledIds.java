package dev.sluice.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times each job's handler ran, by job id {@code 0..n-1}: what the exactly-once check of
 * a run is made from, so that a fast but lossy (or duplicating) peer cannot count.
 */
public final class HandledIds {

    private final AtomicIntegerArray counts;
    private final AtomicLong total = new AtomicLong();

    public HandledIds(int jobs) {
        if (jobs < 0) {
            throw new IllegalArgumentException("jobs must be >= 0, was " + jobs);
        }
        this.counts = new AtomicIntegerArray(jobs);
    }

    /** Counts one run of job {@code id}'s handler; an id outside {@code 0..n-1} counts as a run of no job. */
    public void handled(int id) {
        if (id >= 0 && id < counts.length()) {
            counts.incrementAndGet(id);
        }
        total.incrementAndGet();
    }

    /** Adds counts read from elsewhere (a Node peer's counts file: one unsigned byte per id). */
    public void addAll(byte[] perId) {
        if (perId.length != counts.length()) {
            throw new IllegalArgumentException("counts for " + perId.length + " ids, expected " + counts.length());
        }
        for (int id = 0; id < perId.length; id++) {
            int times = Byte.toUnsignedInt(perId[id]);
            if (times > 0) {
                counts.addAndGet(id, times);
                total.addAndGet(times);
            }
        }
    }

    /** Handler runs so far, over all ids. */
    public long total() {
        return total.get();
    }

    public int jobs() {
        return counts.length();
    }

    /** The verdict: which ids never ran and which ran more than once. */
    public Verdict verdict() {
        long missing = 0;
        long duplicated = 0;
        long extraRuns = total.get();
        List<Integer> examples = new ArrayList<>();
        for (int id = 0; id < counts.length(); id++) {
            int times = counts.get(id);
            extraRuns -= Math.min(times, 1);
            if (times != 1) {
                if (times == 0) {
                    missing++;
                } else {
                    duplicated++;
                }
                if (examples.size() < 5) {
                    examples.add(id);
                }
            }
        }
        return new Verdict(counts.length(), missing, duplicated, extraRuns, examples);
    }

    /**
     * Whether every job ran exactly once.
     *
     * @param jobs jobs expected
     * @param missing jobs whose handler never ran
     * @param duplicated jobs whose handler ran more than once
     * @param extraRuns handler runs beyond one per job (duplicates and runs of unknown ids)
     * @param exampleIds a few of the ids that did not run exactly once
     */
    public record Verdict(long jobs, long missing, long duplicated, long extraRuns, List<Integer> exampleIds) {

        public boolean exactlyOnce() {
            return missing == 0 && duplicated == 0 && extraRuns == 0;
        }

        /** This verdict and {@code other}'s, as one (for a run made of several phases). */
        public Verdict plus(Verdict other) {
            List<Integer> examples = new ArrayList<>(exampleIds);
            examples.addAll(other.exampleIds);
            return new Verdict(jobs + other.jobs, missing + other.missing, duplicated + other.duplicated,
                    extraRuns + other.extraRuns, List.copyOf(examples.subList(0, Math.min(5, examples.size()))));
        }

        @Override
        public String toString() {
            return exactlyOnce() ? "all " + jobs + " jobs ran exactly once"
                    : missing + " of " + jobs + " jobs never ran, " + duplicated + " ran more than once (" + extraRuns
                    + " extra runs); e.g. ids " + exampleIds;
        }
    }
}
