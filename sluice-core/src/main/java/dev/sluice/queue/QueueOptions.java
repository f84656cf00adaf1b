package dev.sluice.queue;

import java.time.Duration;

/**
 * How a queue stores its messages.
 *
 * @param slots number of rotating partitions, 2..64, default 4
 * @param rotation how long each slot takes new messages before the next one does, 1 s..1 day,
 *     default 5 s. A drained slot that no longer takes messages is truncated, which bounds dead rows
 *     to about {@code slots x rotation} worth of traffic even while VACUUM is held back.
 */
public record QueueOptions(int slots, Duration rotation) {

    public static final QueueOptions DEFAULTS = new QueueOptions(4, Duration.ofSeconds(5));

    public QueueOptions {
        if (slots < 2 || slots > 64) {
            throw new IllegalArgumentException("slots must be between 2 and 64; got " + slots + ".");
        }
        if (rotation == null || rotation.toSeconds() < 1 || rotation.toSeconds() > 86_400 || rotation.toMillisPart() != 0) {
            throw new IllegalArgumentException("rotation must be a whole number of seconds between 1 s and 1 day; got " + rotation + ".");
        }
    }
}
