package dev.sluice.streams;

import dev.sluice.SluiceException;
import dev.sluice.capture.CaptureKeys;
import dev.sluice.capture.TriggerCapture;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.SqlStates;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Installs and removes stream capture triggers; the trigger statement is core's (capture/capture_trigger.sql). */
final class CaptureInstaller {

    private static final SqlTemplate FUNCTION = StreamTable.template("capture_function.sql");
    private static final SqlTemplate TRIGGER = SqlTemplate.load(TriggerCapture.class, "capture_trigger.sql");

    private final DataSource dataSource;

    CaptureInstaller(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void install(StreamTable stream, StreamCapture spec) {
        if (spec.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " has no key; call key(\"id\").");
        }
        if (spec.operations().isEmpty()) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " captures nothing; call onInsert(), onUpdate() or onDelete().");
        }
        Map<String, String> values = new HashMap<>();
        values.put("function", function(stream, spec));
        values.put("stream_table", stream.table());
        values.put("table_literal", "'" + spec.tableName() + "'");
        values.put("user_table", Identifiers.qualifiedTable(spec.table()));
        values.putAll(CaptureKeys.expressions(spec.keyColumns()));
        values.put("old_json", spec.oldRow()
                ? " || CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN jsonb_build_object('old', to_jsonb(OLD)) ELSE '{}'::jsonb END" : "");
        values.put("new_json", spec.newRow()
                ? " || CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN jsonb_build_object('new', to_jsonb(NEW)) ELSE '{}'::jsonb END" : "");
        try (Connection c = dataSource.getConnection()) {
            Transactions.run(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute(FUNCTION.render(values));
                    for (StreamCapture.Operation op : StreamCapture.Operation.values()) {
                        values.put("trigger", trigger(stream, op));
                        if (!spec.operations().containsKey(op)) {
                            s.execute("DROP TRIGGER IF EXISTS " + values.get("trigger") + " ON " + values.get("user_table"));
                            continue;
                        }
                        String condition = spec.operations().get(op);
                        values.put("event", op.name());
                        values.put("when", condition == null ? "" : "WHEN (" + condition + ")");
                        s.execute(TRIGGER.render(values));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                throw new SluiceException("Cannot capture table " + spec.table() + " into stream \"" + stream.stream()
                        + "\": the table does not exist (" + e.getMessage() + ").", e);
            }
            throw new SluiceException("Installing capture of table " + spec.table() + " into stream \"" + stream.stream()
                    + "\" failed: " + e.getMessage() + ". Check the key columns and conditions.", e);
        }
    }

    void uninstall(StreamTable stream, StreamCapture spec) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String userTable = Identifiers.qualifiedTable(spec.table());
            for (StreamCapture.Operation op : StreamCapture.Operation.values()) {
                s.execute("DROP TRIGGER IF EXISTS " + trigger(stream, op) + " ON " + userTable);
            }
            s.execute("DROP FUNCTION IF EXISTS " + function(stream, spec) + "()");
        } catch (SQLException e) {
            throw new SluiceException("Removing capture of table " + spec.table() + " failed: " + e.getMessage(), e);
        }
    }

    private static String function(StreamTable stream, StreamCapture spec) {
        String name = "stream_capture_" + stream.stream() + "__" + spec.tableName();
        return stream.quotedSchema() + "." + Identifiers.quote(Identifiers.objectName("capture function name", name));
    }

    private static String trigger(StreamTable stream, StreamCapture.Operation op) {
        return Identifiers.quote(Identifiers.objectName("trigger name", "sluice_stream_" + stream.stream() + "_" + op.name().toLowerCase()));
    }
}
