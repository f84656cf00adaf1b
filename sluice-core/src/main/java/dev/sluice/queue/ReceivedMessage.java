package dev.sluice.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A message as a worker receives it.
 *
 * @param id unique, increasing in enqueue order
 * @param queue the queue it came from
 * @param priority smaller runs first
 * @param payloadJson the payload as JSON text, or {@code null}
 * @param attempts how many earlier attempts failed (0 on the first delivery)
 * @param enqueuedAt when the enqueuing transaction started
 * @param runAt when it became ready
 * @param orderingKey its ordering key, or {@code null}
 * @param dedupeKey set for messages from trigger capture: {@code table:key}
 * @param idempotencyKey the idempotency key it was enqueued with, or {@code null}
 */
public record ReceivedMessage(long id, String queue, int priority, String payloadJson, int attempts, Instant enqueuedAt,
                              Instant runAt, String orderingKey, String dedupeKey, String idempotencyKey) {

    /** The payload read into a type with Sluice's Jackson mapper. */
    public <T> T payload(Class<T> type) {
        return PayloadCodec.fromJson(payloadJson, type);
    }

    /** The payload as a Jackson tree. */
    public JsonNode payloadTree() {
        return PayloadCodec.tree(payloadJson == null ? "null" : payloadJson);
    }
}
