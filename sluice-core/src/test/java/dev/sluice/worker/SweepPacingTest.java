package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Periodic sweeps are paced by their own cost: after a sweep from the start that took long (the
 * dead index entries a held snapshot keeps), the interval does not start another until ten times
 * that has passed; an idle worker's early sweep still runs. A sweep that found a full batch behind the positions is followed
 * at once, from where it stopped rather than from the start again, and such follow-ups do not put
 * off the next sweep from the start. No database: this is the cursor's bookkeeping (the sweeps
 * themselves are in FairnessTest and ClaimMarginTest).
 */
class SweepPacingTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(10);

    @Test
    void aCheapSweepIsFollowedAfterTheInterval() {
        ClaimCursor cursor = new ClaimCursor(INTERVAL);
        ClaimCursor.Ranges first = await().atMost(Duration.ofSeconds(10)).until(cursor::takeSweepIfDue, r -> r != null);
        assertThat(first.fromStart()).isTrue();
        cursor.sweepTook(TimeUnit.MICROSECONDS.toNanos(200));

        assertThat(await().atMost(Duration.ofSeconds(10)).until(cursor::takeSweepIfDue, r -> r != null).fromStart()).isTrue();
    }

    @Test
    void aSlowSweepHoldsBackTheIntervalForTenTimesItsDurationButNotAnIdleWorkersEarlySweep() {
        ClaimCursor cursor = new ClaimCursor(INTERVAL);
        await().atMost(Duration.ofSeconds(10)).until(cursor::takeSweepIfDue, r -> r != null);
        cursor.sweepTook(TimeUnit.SECONDS.toNanos(60)); // the next one in ten minutes, whatever the 10 ms interval says

        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> true); // ten intervals pass
        assertThat(cursor.takeSweepIfDue()).as("the interval passed, but the last sweep was slow").isNull();
        assertThat(cursor.takeEarlySweep()).as("an empty resumed claim (idle workers; maybe a late commit left behind) still sweeps").isTrue();
        assertThat(cursor.takeEarlySweep()).as("but at most every 20 ms").isFalse();
    }

    @Test
    void aSweepThatFoundAFullBatchIsFollowedAtOnceFromWhereItStopped() {
        ClaimCursor cursor = new ClaimCursor(INTERVAL);
        await().atMost(Duration.ofSeconds(10)).until(cursor::takeSweepIfDue, r -> r != null);
        cursor.sweepTook(TimeUnit.SECONDS.toNanos(60));
        cursor.sweepAgain(3, 4_711);

        ClaimCursor.Ranges followUp = cursor.takeSweepIfDue();
        assertThat(followUp).as("asked again: it is finding work").isNotNull();
        assertThat(followUp.sweep()).isTrue();
        assertThat(followUp.fromStart()).as("a follow-up does not walk the dead entries again").isFalse();
        assertThat(followUp.size()).isEqualTo(1);
        assertThat(followUp.lowPriorities()[0]).isEqualTo(3);
        assertThat(followUp.lowSeqs()[0]).isEqualTo(4_711);
        assertThat(followUp.highPriorities()[0]).isEqualTo(ClaimCursor.ABOVE_PRIORITIES);
        assertThat(cursor.takeSweepIfDue()).as("once; after it, the pacing holds again").isNull();
    }

    @Test
    void followUpsDoNotPutOffTheNextSweepFromTheStart() {
        ClaimCursor cursor = new ClaimCursor(INTERVAL);
        await().atMost(Duration.ofSeconds(10)).until(cursor::takeSweepIfDue, r -> r != null);
        cursor.sweepTook(0);

        // Sweeps keep finding full batches; a rolled-back batch further behind still gets its sweep from the start.
        ClaimCursor.Ranges fromStart = await().atMost(Duration.ofSeconds(10)).until(() -> {
            ClaimCursor.Ranges r = cursor.takeSweepIfDue();
            cursor.sweepAgain(0, 1_000);
            return r;
        }, r -> r != null && r.fromStart());
        assertThat(fromStart.lowSeqs()[0]).isZero();
    }
}
