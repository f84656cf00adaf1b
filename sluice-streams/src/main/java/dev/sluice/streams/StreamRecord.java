package dev.sluice.streams;

import dev.sluice.queue.PayloadCodec;
import java.util.Objects;

/**
 * One event to append: a JSON payload and an optional key. Events of one key are delivered to each
 * subscription in order (see {@link Streams}).
 *
 * @param key may be null
 * @param json the payload as JSON text, validated at append
 */
public record StreamRecord(String key, String json) {

    public StreamRecord {
        Objects.requireNonNull(json, "json");
    }

    /** A payload serialised with Sluice's Jackson mapper, without key. */
    public static StreamRecord of(Object payload) {
        return new StreamRecord(null, PayloadCodec.toJson(payload));
    }

    /** A keyed payload serialised with Sluice's Jackson mapper. */
    public static StreamRecord of(String key, Object payload) {
        return new StreamRecord(key, PayloadCodec.toJson(payload));
    }

    /** A keyed payload that already is JSON text. */
    public static StreamRecord ofJson(String key, String json) {
        return new StreamRecord(key, json);
    }
}
