package dev.sluice.capture;

import dev.sluice.schema.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * What to capture from a table: which changes, under which condition, into which queue.
 *
 * <pre>{@code
 * CaptureSpec.table("products").key("id")
 *     .columns("price")
 *     .onInsert()
 *     .onUpdate("NEW.price IS DISTINCT FROM OLD.price")
 *     .into("versioning");
 * }</pre>
 *
 * <p>The message payload is {@code {"table": ..., "op": "INSERT|UPDATE|DELETE", "key": <key>, "row": {columns}}}
 * ({@code key} is an array when the key has several columns; {@code row} only when columns are chosen).
 *
 * <p>Conditions are SQL boolean expressions over {@code NEW} and {@code OLD}, placed in the trigger's
 * {@code WHEN} clause. They are code written by the developer, like a CHECK constraint: never build
 * them from end-user input.
 */
public final class CaptureSpec {

    /** A change event and its optional condition. */
    public record Event(String operation, String condition) {
    }

    private final String table;
    private final String tableName;
    private final List<String> keyColumns = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private String queue;

    private CaptureSpec(String table) {
        Identifiers.qualifiedTable(table);
        this.table = table;
        this.tableName = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
    }

    /** Starts a capture of {@code table} ({@code name} or {@code schema.name}). */
    public static CaptureSpec table(String table) {
        return new CaptureSpec(table);
    }

    /** The key column(s) identifying a row; the dedupe key of pending messages. Required. */
    public CaptureSpec key(String... keyColumns) {
        for (String k : keyColumns) {
            this.keyColumns.add(Identifiers.objectName("key column", k));
        }
        return this;
    }

    /** Columns copied into the payload under {@code row}, with their latest values. */
    public CaptureSpec columns(String... columns) {
        for (String c : columns) {
            this.columns.add(Identifiers.objectName("column", c));
        }
        return this;
    }

    /** Capture every insert. */
    public CaptureSpec onInsert() {
        return onInsert(null);
    }

    /** Capture inserts for which {@code condition} (over NEW) holds. */
    public CaptureSpec onInsert(String condition) {
        events.add(new Event("INSERT", condition));
        return this;
    }

    /** Capture every update. */
    public CaptureSpec onUpdate() {
        return onUpdate(null);
    }

    /** Capture updates for which {@code condition} (over NEW and OLD) holds. */
    public CaptureSpec onUpdate(String condition) {
        events.add(new Event("UPDATE", condition));
        return this;
    }

    /** Capture deletes (the payload carries the deleted row's key and columns). */
    public CaptureSpec onDelete() {
        events.add(new Event("DELETE", null));
        return this;
    }

    /** The queue that receives the messages. */
    public CaptureSpec into(String queue) {
        this.queue = Identifiers.queueName(queue);
        return this;
    }

    public String table() {
        return table;
    }

    /** The table name without schema. */
    public String tableName() {
        return tableName;
    }

    public List<String> keyColumns() {
        return List.copyOf(keyColumns);
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public String queue() {
        return queue;
    }
}
