package dev.sluice.queue;

import dev.sluice.SluiceException;
import dev.sluice.schema.Identifiers;

/**
 * The quoted names of one queue's database objects. Construction validates the schema and queue
 * names, so everything it returns is safe to place in SQL.
 *
 * @param schema the Sluice schema, validated
 * @param queue the queue name, validated
 */
public record QueueTable(String schema, String queue) {

    public QueueTable {
        Identifiers.schemaName(schema);
        Identifiers.queueName(queue);
        if (channel(schema, queue).length() > 63) {
            throw new SluiceException("Schema \"" + schema + "\" and queue \"" + queue
                    + "\" together are too long for a NOTIFY channel (63 bytes). Use a shorter schema or queue name.");
        }
    }

    private static String channel(String schema, String queue) {
        return schema + "." + queue;
    }

    /** {@code "schema"."q_queue"}: the partitioned message table. */
    public String table() {
        return Identifiers.quote(schema) + "." + Identifiers.quote("q_" + queue);
    }

    /** {@code "schema"."s_queue"}: the queue's scheduled messages (not yet due, or waiting for a retry). */
    public String scheduled() {
        return Identifiers.quote(schema) + "." + Identifiers.quote("s_" + queue);
    }

    /** The unquoted name of slot partition {@code slot}. */
    public String partitionName(int slot) {
        return "q_" + queue + "_" + slot;
    }

    /** {@code "schema"."q_queue_N"}. */
    public String partition(int slot) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(partitionName(slot));
    }

    /** {@code "schema"}. */
    public String quotedSchema() {
        return Identifiers.quote(schema);
    }

    /** The queue name as a SQL string literal; safe because the name is validated. */
    public String queueLiteral() {
        return "'" + queue + "'";
    }

    /** The LISTEN/NOTIFY channel, {@code schema.queue} (case and dot preserved, so LISTEN quotes it). */
    public String channel() {
        return channel(schema, queue);
    }

    /** The channel as a SQL string literal. */
    public String channelLiteral() {
        return "'" + channel() + "'";
    }

    /** The shared message-id sequence as a regclass literal body, e.g. {@code "sluice".message_id_seq}. */
    public String sequence() {
        return Identifiers.quote(schema) + ".message_id_seq";
    }
}
