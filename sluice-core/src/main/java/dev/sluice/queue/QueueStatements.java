package dev.sluice.queue;

import dev.sluice.schema.SqlTemplate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a SQL resource for one queue, once, and keeps the text. Shared by enqueue, workers,
 * dead letters and maintenance so each statement is built a single time per queue.
 */
public final class QueueStatements {

    /**
     * The last error of a message whose delivery was cut short (its batch never committed): it marks
     * the message as a crash suspect, run alone on its next delivery.
     */
    public static final String ABORTED_DELIVERY = "Delivered, but the batch never committed: the worker crashed, lost its"
            + " connection or failed to commit while handling it.";

    private final Map<String, String> rendered = new ConcurrentHashMap<>();
    private final Map<String, SqlTemplate> templates = new ConcurrentHashMap<>();

    /** The statement {@code resource} (next to {@code anchor}) rendered for {@code table}. */
    public String get(Class<?> anchor, String resource, QueueTable table) {
        String key = anchor.getName() + '/' + resource + '/' + table.schema() + '/' + table.queue();
        return rendered.computeIfAbsent(key, k -> templates
                .computeIfAbsent(anchor.getName() + '/' + resource, r -> SqlTemplate.load(anchor, resource))
                .render(placeholders(table)));
    }

    /** The placeholders every queue statement may use. */
    public static Map<String, String> placeholders(QueueTable table) {
        return Map.of(
                "schema", table.quotedSchema(),
                "table", table.table(),
                "scheduled", table.scheduled(),
                "aborted_delivery", "'" + ABORTED_DELIVERY + "'",
                "sequence", table.sequence(),
                "queue_literal", table.queueLiteral(),
                "channel_literal", table.channelLiteral(),
                "table_literal", "'" + table.table() + "'");
    }
}
