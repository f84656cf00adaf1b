package dev.sluice.streams;

import java.time.Instant;
import java.util.List;

/**
 * A stream's extent and its subscriptions' lag, read at one moment.
 *
 * @param stream the stream
 * @param events retained events
 * @param firstId lowest retained event id, 0 when empty
 * @param lastId highest event id, 0 when empty
 * @param oldest append time of the oldest retained event, null when empty
 * @param newest append time of the newest event, null when empty
 * @param appendedLastMinute events appended in the last 60 seconds (the append rate)
 * @param partitions attached partitions
 * @param bytes on-disk size of all partitions, indexes included
 * @param subscriptions every subscription's position and lag
 */
public record StreamStats(String stream, long events, long firstId, long lastId, Instant oldest, Instant newest,
                          long appendedLastMinute, int partitions, long bytes, List<SubscriptionStats> subscriptions) {
}
