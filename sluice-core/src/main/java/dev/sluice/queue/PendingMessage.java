package dev.sluice.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A message still in its queue, as {@link QueueAdmin#peek} shows it without claiming it.
 *
 * @param id unique, increasing in enqueue order
 * @param queue its queue
 * @param priority smaller runs first
 * @param payloadJson the payload as JSON text, or {@code null}
 * @param attempts failed attempts so far
 * @param enqueuedAt when the enqueuing transaction started
 * @param runAt when it is (or became) due
 * @param orderingKey its ordering key, or {@code null}
 * @param dedupeKey set for messages from trigger capture: {@code table:key}
 * @param idempotencyKey the idempotency key it was enqueued with, or {@code null}
 * @param lastError the error of its last failed attempt, or {@code null}
 * @param ready true when it is in the ready stream (due, claimable now); false while it is scheduled
 *              (not yet due, or waiting for a retry)
 */
public record PendingMessage(long id, String queue, int priority, String payloadJson, int attempts, Instant enqueuedAt,
                             Instant runAt, String orderingKey, String dedupeKey, String idempotencyKey, String lastError,
                             boolean ready) {

    /** The payload read into a type with Sluice's Jackson mapper. */
    public <T> T payload(Class<T> type) {
        return PayloadCodec.fromJson(payloadJson, type);
    }

    /** The payload as a Jackson tree. */
    public JsonNode payloadTree() {
        return PayloadCodec.tree(payloadJson == null ? "null" : payloadJson);
    }
}
