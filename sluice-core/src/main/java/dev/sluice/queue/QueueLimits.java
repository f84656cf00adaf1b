package dev.sluice.queue;

/**
 * Global limits of one queue, enforced in PostgreSQL across every process and machine that works it,
 * and changeable at run time ({@link QueueAdmin#setLimits}): running workers apply a change at their
 * next claim (at once when LISTEN/NOTIFY is on, otherwise within 5 seconds for a queue that had no
 * limit before). A null component means no limit of that kind.
 *
 * <table>
 * <caption>Components</caption>
 * <tr><th>component</th><th>default</th><th>meaning</th></tr>
 * <tr><td>maxConcurrentBatches</td><td>none</td><td>most batches of this queue running at once in the
 *     whole cluster (1..10000); lowering it lets running batches finish and starts no new one above it</td></tr>
 * <tr><td>rateLimit</td><td>none</td><td>most messages claimed per second, a token bucket (0 &lt; rate &le; 1,000,000)</td></tr>
 * <tr><td>rateBurst</td><td>rateLimit / 20, at least 1</td><td>the bucket's size: most messages claimed at once
 *     after an idle spell; over any t seconds at most {@code rateBurst + t * rateLimit} are claimed. A claim takes
 *     at most this many messages, so keep it at or above the batch size you want</td></tr>
 * </table>
 *
 * @param maxConcurrentBatches cluster-wide concurrent batches, or null
 * @param rateLimit messages per second, or null
 * @param rateBurst token bucket size, or null for the default (only with a rate limit)
 */
public record QueueLimits(Integer maxConcurrentBatches, Double rateLimit, Integer rateBurst) {

    /** No limit at all. */
    public static final QueueLimits NONE = new QueueLimits(null, null, null);

    public QueueLimits {
        if (maxConcurrentBatches != null && (maxConcurrentBatches < 1 || maxConcurrentBatches > 10_000)) {
            throw new IllegalArgumentException("maxConcurrentBatches must be between 1 and 10000 (or null for no limit); got "
                    + maxConcurrentBatches + ".");
        }
        if (rateLimit != null && (rateLimit.isNaN() || rateLimit <= 0 || rateLimit > 1_000_000)) {
            throw new IllegalArgumentException("rateLimit must be above 0 and at most 1000000 messages per second (or null for no limit); got "
                    + rateLimit + ".");
        }
        if (rateBurst != null && rateLimit == null) {
            throw new IllegalArgumentException("rateBurst needs a rateLimit; set both, or neither.");
        }
        if (rateBurst != null && (rateBurst < 1 || rateBurst > 1_000_000)) {
            throw new IllegalArgumentException("rateBurst must be between 1 and 1000000; got " + rateBurst + ".");
        }
    }

    /** At most {@code n} batches at once in the cluster, no rate limit. */
    public static QueueLimits maxConcurrentBatches(int n) {
        return new QueueLimits(n, null, null);
    }

    /** At most {@code perSecond} messages per second, default burst, no concurrency limit. */
    public static QueueLimits rate(double perSecond) {
        return new QueueLimits(null, perSecond, null);
    }

    /** This with a concurrency limit (null: none). */
    public QueueLimits withMaxConcurrentBatches(Integer n) {
        return new QueueLimits(n, rateLimit, rateBurst);
    }

    /** This with a rate limit and burst (null rate: none; null burst: the default). */
    public QueueLimits withRate(Double perSecond, Integer burst) {
        return new QueueLimits(maxConcurrentBatches, perSecond, burst);
    }

    /** True if neither limit is set: workers then pay nothing for limits. */
    public boolean isUnlimited() {
        return maxConcurrentBatches == null && rateLimit == null;
    }

    /** The bucket size in effect: {@link #rateBurst} or its default; 0 without a rate limit. */
    public int effectiveBurst() {
        if (rateLimit == null) {
            return 0;
        }
        return rateBurst != null ? rateBurst : (int) Math.max(1, Math.ceil(rateLimit / 20));
    }
}
