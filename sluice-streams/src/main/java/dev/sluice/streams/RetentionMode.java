package dev.sluice.streams;

/** What retention does with a partition that some subscription has not fully consumed. */
public enum RetentionMode {
    /**
     * Keep it (past its retention time or the size limit) until every subscription has consumed it.
     * A stalled or abandoned subscription then holds retention back: its lag shows it, and
     * {@link Subscriptions#delete} releases it. The default: nothing is lost without a decision.
     */
    KEEP_UNCONSUMED,
    /**
     * Drop it anyway, as Kafka does. Each subscription that had not read some of its events gets them
     * added to its {@code lostEvents} (in the dropping transaction) and carries on with the next retained
     * event; a warning is logged. Retention then bounds disk use whatever the subscribers do.
     */
    DROP_UNCONSUMED
}
