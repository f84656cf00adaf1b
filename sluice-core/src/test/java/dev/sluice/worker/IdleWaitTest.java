package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long an idle worker waits: the poll, a scheduled message's due time, the gate, or a check owed after a wake-up. */
class IdleWaitTest {

    private static final long NONE = Long.MAX_VALUE;

    @Test
    void waitsForThePollWhenNothingIsDue() {
        assertThat(IdleWait.millis(1_000, NONE, NONE, false)).isEqualTo(1_000);
    }

    @Test
    void wakesJustAfterTheNextScheduledMessageIsDueOrTheGateOpens() {
        assertThat(IdleWait.millis(1_000, 300, NONE, false)).isEqualTo(301);
        assertThat(IdleWait.millis(1_000, NONE, 20, false)).isEqualTo(21);
        assertThat(IdleWait.millis(1_000, 0, NONE, false)).isEqualTo(1);
    }

    @Test
    void afterAWakeUpTheScheduledMessagesAreCheckedWithinThePromotersInterval() {
        assertThat(IdleWait.millis(1_000, NONE, NONE, true)).isEqualTo(IdleWait.CHECK_OWED_MILLIS).isEqualTo(50);
        assertThat(IdleWait.millis(1_000, 10, NONE, true)).isEqualTo(11);
    }

    @Test
    void aWakeUpIsAPermitAndATimeoutIsNot() throws InterruptedException {
        Wakeup wakeup = new Wakeup(2);
        wakeup.signal();
        assertThat(wakeup.await(10_000)).isTrue();
        assertThat(wakeup.await(1)).isFalse();
        wakeup.signalAll();
        assertThat(wakeup.await(10_000)).isTrue();
        assertThat(wakeup.await(10_000)).isTrue();
        assertThat(wakeup.await(1)).isFalse();
    }
}
