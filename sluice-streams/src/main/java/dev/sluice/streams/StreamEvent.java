package dev.sluice.streams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.PayloadCodec;
import java.time.Instant;

/**
 * One event as stored and delivered.
 *
 * @param id the event id, unique across the schema's streams, increasing in append order
 * @param txid the appending transaction's id; delivery order is (txid, id)
 * @param key null when appended without key
 * @param json the payload as JSON text
 * @param appendedAt when the append statement ran (the writer's clock_timestamp())
 */
public record StreamEvent(long id, String txid, String key, String json, Instant appendedAt) {

    /** The payload read into a type with Sluice's Jackson mapper. */
    public <T> T payload(Class<T> type) {
        return PayloadCodec.fromJson(json, type);
    }

    /** The payload as a JSON tree. */
    public JsonNode tree() {
        return PayloadCodec.tree(json);
    }

    /** This event's place in delivery order. */
    public StreamPosition position() {
        return new StreamPosition(txid, id);
    }
}
