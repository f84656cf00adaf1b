package dev.sluice.streams;

import dev.sluice.schema.Identifiers;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which changes of a table to append to a stream, as events, at write time and in the writer's
 * transaction (a trigger; the event commits with the change or not at all).
 *
 * <pre>{@code
 * streams.capture(StreamCapture.table("orders").key("id").onInsert().onUpdate().onDelete()
 *         .withOldRow().withNewRow().into("order_changes"));
 * }</pre>
 *
 * <p>Event payload: {@code {"table", "op": "INSERT|UPDATE|DELETE", "key", "old"?, "new"?}} with whole rows
 * as JSON ({@code old} on update and delete, {@code new} on insert and update, when asked). The event key
 * is the row key as text (several key columns joined by commas), so one row's changes stay in order.
 * Conditions are SQL over NEW and OLD in the trigger's WHEN clause: developer code, never end-user input.
 */
public final class StreamCapture {

    /** The row operations that can be captured. */
    public enum Operation { INSERT, UPDATE, DELETE }

    private final String table;
    private final String tableName;
    private final List<String> keyColumns = new ArrayList<>();
    private final Map<Operation, String> operations = new LinkedHashMap<>();
    private boolean oldRow;
    private boolean newRow;
    private String stream;

    private StreamCapture(String table) {
        Identifiers.qualifiedTable(table);
        this.table = table;
        this.tableName = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
    }

    /** Starts a capture of {@code table} ({@code name} or {@code schema.name}). */
    public static StreamCapture table(String table) {
        return new StreamCapture(table);
    }

    /** The key column(s); required. */
    public StreamCapture key(String... columns) {
        for (String k : columns) {
            keyColumns.add(Identifiers.objectName("key column", k));
        }
        return this;
    }

    public StreamCapture onInsert() {
        return on(Operation.INSERT, null);
    }

    public StreamCapture onUpdate() {
        return on(Operation.UPDATE, null);
    }

    /** Updates for which the condition (over NEW and OLD) holds, e.g. {@code "NEW.price IS DISTINCT FROM OLD.price"}. */
    public StreamCapture onUpdate(String condition) {
        return on(Operation.UPDATE, condition);
    }

    public StreamCapture onDelete() {
        return on(Operation.DELETE, null);
    }

    private StreamCapture on(Operation op, String condition) {
        operations.put(op, condition);
        return this;
    }

    /** Include the row before the change ({@code old}) in update and delete events. */
    public StreamCapture withOldRow() {
        oldRow = true;
        return this;
    }

    /** Include the row after the change ({@code new}) in insert and update events. */
    public StreamCapture withNewRow() {
        newRow = true;
        return this;
    }

    /** The stream that receives the events. */
    public StreamCapture into(String stream) {
        this.stream = Streams.checkName(stream);
        return this;
    }

    public String table() {
        return table;
    }

    public String tableName() {
        return tableName;
    }

    public List<String> keyColumns() {
        return List.copyOf(keyColumns);
    }

    public Map<Operation, String> operations() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(operations)); // values (conditions) may be null
    }

    public Set<Operation> operationSet() {
        return operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations.keySet());
    }

    public boolean oldRow() {
        return oldRow;
    }

    public boolean newRow() {
        return newRow;
    }

    public String stream() {
        return stream;
    }
}
