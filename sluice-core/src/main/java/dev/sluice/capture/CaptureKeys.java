package dev.sluice.capture;

import dev.sluice.schema.Identifiers;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of a captured row's key inside a capture trigger function, where the row is {@code r}:
 * {@code key_text} (one column as text, several joined by commas, null parts as empty) and
 * {@code key_json} (the value, or an array of the values). Shared by every capture that keys its
 * output by the row (queue capture here, stream capture in sluice-streams).
 */
public final class CaptureKeys {

    private CaptureKeys() {
    }

    /** The placeholders {@code key_text} and {@code key_json} for already validated key columns (at least one). */
    public static Map<String, String> expressions(List<String> keyColumns) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("A capture needs at least one key column; call key(\"id\").");
        }
        if (keyColumns.size() == 1) {
            String k = "r." + Identifiers.quote(keyColumns.get(0));
            return Map.of("key_text", k + "::text", "key_json", "to_jsonb(" + k + ")");
        }
        return Map.of(
                "key_text", keyColumns.stream().map(k -> "coalesce(r." + Identifiers.quote(k) + "::text, '')").collect(Collectors.joining(" || ',' || ")),
                "key_json", "jsonb_build_array(" + keyColumns.stream().map(k -> "r." + Identifiers.quote(k)).collect(Collectors.joining(", ")) + ")");
    }
}
