package dev.sluice.streams;

import java.time.Duration;
import java.time.Instant;

/**
 * One subscription's position and lag.
 *
 * @param name the subscription
 * @param position the last delivered place in delivery order
 * @param consumed events handled (and committed) in total
 * @param lagEvents retained events after the position, not yet consumed
 * @param lag age of the oldest unconsumed event, zero when caught up
 * @param lostEvents events retention dropped before this subscription read them ({@link RetentionMode#DROP_UNCONSUMED})
 * @param lastLostAt when that last happened, null if never
 * @param updatedAt when the position last moved
 * @param holdsRetention whether this subscription is keeping a partition past its retention ({@link RetentionMode#KEEP_UNCONSUMED})
 */
public record SubscriptionStats(String name, StreamPosition position, long consumed, long lagEvents, Duration lag,
                                long lostEvents, Instant lastLostAt, Instant updatedAt, boolean holdsRetention) {

    /** Whether the subscription has fallen behind retention: it lost events, or it is holding retention back. */
    public boolean behindRetention() {
        return lostEvents > 0 || holdsRetention;
    }
}
