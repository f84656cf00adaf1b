package dev.sluice.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * A message to enqueue. Build one with {@link #of(Object)}, {@link #json(String)} or {@link #builder()}.
 *
 * @param payloadJson the payload as JSON text ({@code null} for none)
 * @param runAt earliest time a worker may take it; {@code null} for "now"
 * @param priority smaller runs first, -32768..32767, default 0
 * @param idempotencyKey enqueueing the same key again while the first message is pending, or within the
 *     idempotency window after it, returns the first message instead of adding one; {@code null} for none
 * @param orderingKey messages with the same ordering key are handled one at a time in enqueue order;
 *     {@code null} for none
 */
public record Message(String payloadJson, Instant runAt, int priority, String idempotencyKey, String orderingKey) {

    /** Longest idempotency or ordering key, in characters. */
    public static final int MAX_KEY_LENGTH = 512;

    public Message {
        if (priority < Short.MIN_VALUE || priority > Short.MAX_VALUE) {
            throw new InvalidMessageException("priority must be between " + Short.MIN_VALUE + " and " + Short.MAX_VALUE + "; got " + priority + ".");
        }
        checkKey("idempotencyKey", idempotencyKey);
        checkKey("orderingKey", orderingKey);
    }

    private static void checkKey(String name, String key) {
        if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
            throw new InvalidMessageException(name + " must be 1 to " + MAX_KEY_LENGTH + " characters; got " + key.length() + ".");
        }
    }

    /** A message whose payload is {@code payload} written as JSON by Jackson. */
    public static Message of(Object payload) {
        return builder().payload(payload).build();
    }

    /** A message whose payload is the given JSON text (checked at enqueue). */
    public static Message json(String json) {
        return builder().json(json).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Message}. */
    public static final class Builder {
        private String payloadJson;
        private Instant runAt;
        private int priority;
        private String idempotencyKey;
        private String orderingKey;

        private Builder() {
        }

        /** Payload written as JSON by Jackson. */
        public Builder payload(Object payload) {
            this.payloadJson = payload == null ? null : PayloadCodec.toJson(payload);
            return this;
        }

        /** Payload given as JSON text. */
        public Builder json(String json) {
            this.payloadJson = json;
            return this;
        }

        public Builder runAt(Instant runAt) {
            this.runAt = runAt;
            return this;
        }

        /** Run no earlier than {@code delay} from now (the enqueuing machine's clock). */
        public Builder delay(Duration delay) {
            this.runAt = Instant.now().plus(delay);
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        public Builder orderingKey(String orderingKey) {
            this.orderingKey = orderingKey;
            return this;
        }

        public Message build() {
            return new Message(payloadJson, runAt, priority, idempotencyKey, orderingKey);
        }
    }
}
