package dev.sluice.capture;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.SqlStates;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Installs and removes triggers that enqueue a table's changed rows at write time, in the writer's
 * transaction: work is captured when it happens instead of being found by scanning.
 */
public final class TriggerCapture {

    // Every event is captured per statement: one call, set-based, whatever the row count (a row-level
    // trigger costs a function call, a lookup and a single-row INSERT statement per changed row).
    private static final SqlTemplate SET_FUNCTION = SqlTemplate.load(TriggerCapture.class, "capture_set_function.sql");
    private static final SqlTemplate SET_TRIGGER = SqlTemplate.load(TriggerCapture.class, "capture_set_trigger.sql");

    private static final java.util.regex.Pattern NEW_REF = java.util.regex.Pattern.compile("(?i)\\bNEW\\s*\\.");
    private static final java.util.regex.Pattern OLD_REF = java.util.regex.Pattern.compile("(?i)\\bOLD\\s*\\.");

    private final DataSource dataSource;
    private final String schema;

    public TriggerCapture(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** Installs (or replaces) the capture; the queue must exist. */
    public void install(CaptureSpec spec) {
        if (spec.queue() == null) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " has no queue; call into(\"queue\").");
        }
        if (spec.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " has no key; call key(\"id\").");
        }
        if (spec.events().isEmpty()) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " captures nothing; call onInsert(), onUpdate() or onDelete().");
        }
        QueueTable queue = new QueueTable(schema, spec.queue());
        Map<String, String> values = new HashMap<>();
        values.put("queue_table", queue.table());
        values.put("table_literal", "'" + spec.tableName() + "'");
        values.put("user_table", Identifiers.qualifiedTable(spec.table()));
        values.putAll(CaptureKeys.expressions(spec.keyColumns()));
        values.put("columns_json", spec.columns().isEmpty() ? "" : ", 'row', jsonb_build_object(" + spec.columns().stream()
                .map(c -> "'" + c + "', r." + Identifiers.quote(c)).collect(Collectors.joining(", ")) + ")");
        try (Connection c = dataSource.getConnection()) {
            Transactions.run(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    requireQueue(s, queue);
                    for (String op : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                        values.put("trigger", trigger(spec, op));
                        CaptureSpec.Event event = spec.events().stream().filter(e -> e.operation().equals(op)).findFirst().orElse(null);
                        if (event == null) {
                            s.execute("DROP TRIGGER IF EXISTS " + values.get("trigger") + " ON " + values.get("user_table"));
                            s.execute("DROP FUNCTION IF EXISTS " + setFunction(spec, op) + "()");
                            continue;
                        }
                        Map<String, String> set = new HashMap<>(values);
                        set.putAll(setParts(spec, op, event.condition()));
                        set.put("function", setFunction(spec, op));
                        set.put("event", op);
                        s.execute(SET_FUNCTION.render(set));
                        s.execute(SET_TRIGGER.render(set));
                    }
                    // Captures installed by earlier versions called one row-level function.
                    s.execute("DROP FUNCTION IF EXISTS " + function(spec) + "()");
                }
                return null;
            });
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                throw new SluiceException("Cannot capture table " + spec.table() + ": it does not exist (" + e.getMessage() + ").", e);
            }
            throw new SluiceException("Installing capture of table " + spec.table() + " into queue \"" + spec.queue()
                    + "\" failed: " + e.getMessage() + ". Check the key, columns and conditions.", e);
        }
    }

    /** Removes the capture's triggers and functions. */
    public void uninstall(CaptureSpec spec) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String userTable = Identifiers.qualifiedTable(spec.table());
            for (String op : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                s.execute("DROP TRIGGER IF EXISTS " + trigger(spec, op) + " ON " + userTable);
            }
            s.execute("DROP FUNCTION IF EXISTS " + function(spec) + "()");
            for (String op : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                s.execute("DROP FUNCTION IF EXISTS " + setFunction(spec, op) + "()");
            }
        } catch (SQLException e) {
            throw new SluiceException("Removing capture of table " + spec.table() + " failed: " + e.getMessage(), e);
        }
    }

    private static void requireQueue(Statement s, QueueTable queue) throws SQLException {
        try (var rs = s.executeQuery("SELECT to_regclass('" + queue.table().replace("'", "''") + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new UnknownQueueException(queue.queue());
            }
        }
    }

    private String function(CaptureSpec spec) {
        String name = "capture_" + spec.queue() + "__" + spec.tableName();
        return Identifiers.quote(schema) + "." + Identifiers.quote(Identifiers.objectName("capture function name", name));
    }

    /**
     * The transition tables, the row source and the filter of one event's statement-level function.
     * In the condition, NEW and OLD become the aliases r and o; OLD in an UPDATE's condition joins
     * the old rows by key.
     */
    private static Map<String, String> setParts(CaptureSpec spec, String op, String condition) {
        Map<String, String> parts = new HashMap<>();
        boolean readsOld = condition != null && OLD_REF.matcher(condition).find();
        String where = condition == null ? "" : OLD_REF.matcher(NEW_REF.matcher(condition).replaceAll("r.")).replaceAll("o.");
        if (op.equals("UPDATE") && readsOld) {
            String on = spec.keyColumns().stream().map(k -> "o." + Identifiers.quote(k) + " = r." + Identifiers.quote(k))
                    .collect(Collectors.joining(" AND "));
            parts.put("transition", "OLD TABLE AS old_rows NEW TABLE AS changed_rows");
            parts.put("from", "changed_rows r LEFT JOIN (SELECT true AS sluice_matched, x.* FROM old_rows x) o ON " + on);
            parts.put("where", "WHERE o.sluice_matched IS NULL OR (" + where + ")");
        } else {
            parts.put("transition", (op.equals("DELETE") ? "OLD" : "NEW") + " TABLE AS changed_rows");
            parts.put("from", "changed_rows r");
            parts.put("where", condition == null ? "" : "WHERE (" + where + ")");
        }
        return parts;
    }

    private String setFunction(CaptureSpec spec, String op) {
        String name = "capture_" + spec.queue() + "__" + spec.tableName() + "_" + op.substring(0, 1).toLowerCase();
        return Identifiers.quote(schema) + "." + Identifiers.quote(Identifiers.objectName("capture function name", name));
    }

    private static String trigger(CaptureSpec spec, String op) {
        String name = "sluice_" + spec.queue() + "_" + op.toLowerCase();
        return Identifiers.quote(Identifiers.objectName("trigger name", name));
    }
}
