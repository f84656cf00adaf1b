package dev.sluice.deadletter;

import java.time.Instant;

/**
 * A message that failed its last allowed attempt.
 *
 * @param id its original message id
 * @param queue the queue it came from
 * @param priority its priority
 * @param payloadJson its payload as JSON text
 * @param orderingKey its ordering key, or {@code null}
 * @param attempts failed attempts
 * @param enqueuedAt when it was first enqueued
 * @param failedAt when its last attempt failed
 * @param lastError the last exception, with stack trace
 */
public record DeadLetter(long id, String queue, int priority, String payloadJson, String orderingKey, int attempts,
                         Instant enqueuedAt, Instant failedAt, String lastError) {
}
