package dev.sluice.streams;

import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names one stream's statements use, all checked and quoted, and its statements rendered once.
 * A stream {@code scores} in schema {@code sluice} lives in table {@code sluice.stream_scores} with
 * partitions {@code stream_scores_p<epoch seconds>}.
 */
final class StreamTable {

    private static final Map<String, SqlTemplate> TEMPLATES = new ConcurrentHashMap<>();

    private final String schema;
    private final String stream;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    StreamTable(String schema, String stream) {
        this.schema = Identifiers.schemaName(schema);
        this.stream = Streams.checkName(stream);
    }

    String schema() {
        return schema;
    }

    String stream() {
        return stream;
    }

    String quotedSchema() {
        return Identifiers.quote(schema);
    }

    String tableName() {
        return "stream_" + stream;
    }

    String table() {
        return quotedSchema() + "." + Identifiers.quote(tableName());
    }

    /** Prefix of partition names, for a LIKE pattern with '!' as escape. */
    String partitionPattern() {
        return tableName().replace("_", "!_") + "!_p%";
    }

    String partitionName(long epochSeconds) {
        return tableName() + "_p" + epochSeconds;
    }

    String qualified(String relation) {
        return quotedSchema() + "." + Identifiers.quote(Identifiers.objectName("partition name", relation));
    }

    /** NOTIFY channel; hashed so that long schema and stream names stay under 63 bytes. */
    String channel() {
        return "sls_" + Integer.toHexString((schema + "." + stream).hashCode()) + "_" + stream;
    }

    /** The advisory lock key of a subscription (hashed to bigint by the statement). */
    String lockKey(String subscription) {
        return "sluice.stream:" + schema + "." + stream + "/" + subscription;
    }

    /** A statement of this stream, rendered once. */
    String sql(String resource) {
        return rendered.computeIfAbsent(resource, r -> template(r).render(Map.of(
                "schema", quotedSchema(),
                "table", table(),
                "sequence", quotedSchema() + ".stream_event_id_seq",
                "channel_literal", "'" + channel() + "'")));
    }

    /** A statement with extra placeholders (partitions), not cached. */
    String sql(String resource, Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(extra);
        values.put("schema", quotedSchema());
        values.put("table", table());
        return template(resource).render(values);
    }

    static SqlTemplate template(String resource) {
        return TEMPLATES.computeIfAbsent(resource, r -> SqlTemplate.load(StreamTable.class, r));
    }
}
