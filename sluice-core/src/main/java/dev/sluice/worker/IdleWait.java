package dev.sluice.worker;

/**
 * How long an idle worker waits for a wake-up before it looks again on its own.
 *
 * <p>A wake-up goes straight to a claim: checking the scheduled messages first (a round trip, on
 * every wake-up, before the claim) was most of the way from a notification to the handler after the
 * commit itself. A wake-up can also be a message scheduled for later or a retry written back, whose
 * due time only a check of the scheduled messages learns; the promoter checks at most every 50 ms
 * while workers loop, so after a wake-up the next wait is cut to {@link #CHECK_OWED_MILLIS}, and the
 * wait that times out makes that check. A message scheduled to run within 50 ms of its enqueue may
 * so run up to about 50 ms late, as it may while the queue is busy.
 */
final class IdleWait {

    /** After a wake-up, the longest wait before the scheduled messages are checked (the promoter's interval). */
    static final long CHECK_OWED_MILLIS = Promoter.INTERVAL_NANOS / 1_000_000L;

    private IdleWait() {
    }

    /**
     * @param pollMillis the poll interval
     * @param untilDueMillis until the next scheduled message is due, as last seen (Long.MAX_VALUE: none)
     * @param untilOpenMillis until the queue's global limits let a claim through (Long.MAX_VALUE: not shut)
     * @param scheduledCheckOwed whether a wake-up came since the scheduled messages were last checked
     * @return milliseconds to wait, at least 1
     */
    static long millis(long pollMillis, long untilDueMillis, long untilOpenMillis, boolean scheduledCheckOwed) {
        long until = Math.min(untilDueMillis, untilOpenMillis);
        long wait = until >= pollMillis ? pollMillis : until + 1;
        if (scheduledCheckOwed) {
            wait = Math.min(wait, CHECK_OWED_MILLIS);
        }
        return Math.max(1, wait);
    }
}
