package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of JSON fields with messages that name the field by its path (for example
 * {@code messages[3].priority}), so a client learns exactly what to fix.
 */
public final class Fields {

    private Fields() {
    }

    /** Throws unless {@code node} is an object whose fields are all in {@code allowed}. */
    public static void requireObject(JsonNode node, String path, Set<String> allowed, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add(path + " must be a JSON object");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                errors.add(path + " has an unknown field \"" + name + "\" (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** An optional string of 1..maxLength characters, or null when absent or JSON null. */
    public static String optionalString(JsonNode parent, String field, String path, int maxLength, List<String> errors) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(path + "." + field + " must be a string");
            return null;
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > maxLength) {
            errors.add(path + "." + field + " must be 1 to " + maxLength + " characters");
            return null;
        }
        return s;
    }

    /** A required string of 1..maxLength characters. */
    public static String requiredString(JsonNode parent, String field, String path, int maxLength, List<String> errors) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            errors.add(path + "." + field + " is required");
            return null;
        }
        return optionalString(parent, field, path, maxLength, errors);
    }

    /** An optional whole number in min..max, or {@code fallback} when absent. */
    public static long optionalLong(JsonNode parent, String field, String path, long min, long max, long fallback, List<String> errors) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(path + "." + field + " must be a whole number");
            return fallback;
        }
        long n = v.longValue();
        if (n < min || n > max) {
            errors.add(path + "." + field + " must be between " + min + " and " + max + "; got " + n);
            return fallback;
        }
        return n;
    }

    /** A required whole number in min..max. */
    public static long requiredLong(JsonNode parent, String field, String path, long min, long max, List<String> errors) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            errors.add(path + "." + field + " is required");
            return 0;
        }
        return optionalLong(parent, field, path, min, max, 0, errors);
    }

    /** An optional ISO-8601 instant such as {@code 2026-11-25T10:00:00Z}, or null. */
    public static Instant optionalInstant(JsonNode parent, String field, String path, List<String> errors) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(path + "." + field + " must be an ISO-8601 instant such as \"2026-11-25T10:00:00Z\"");
            return null;
        }
        try {
            return Instant.parse(v.textValue());
        } catch (DateTimeParseException e) {
            errors.add(path + "." + field + " must be an ISO-8601 instant such as \"2026-11-25T10:00:00Z\"; got \"" + v.textValue() + "\"");
            return null;
        }
    }

    /**
     * The items of a batch body, {@code {"<field>": [...]}} or a bare array: 400 unless it is one of
     * those, 400 when empty, 413 over {@code maxBatchSize}; the items themselves are not checked.
     *
     * @param itemType what the items are, for the message ("messages", "score events")
     */
    public static JsonNode batchItems(JsonNode body, String field, String itemType, int maxBatchSize) {
        List<String> errors = new java.util.ArrayList<>();
        JsonNode items = body.isArray() ? body : null;
        if (items == null) {
            requireObject(body, "body", Set.of(field), errors);
            items = body.get(field);
            if (errors.isEmpty() && (items == null || !items.isArray())) {
                errors.add("body." + field + " must be an array of " + itemType);
            }
        }
        throwIfAny(errors);
        if (items.isEmpty()) {
            throw ApiException.badRequest("body." + field + " is empty; send 1 to " + maxBatchSize + " " + field + ".");
        }
        if (items.size() > maxBatchSize) {
            throw new ApiException(413, "batch_too_large", "The batch has " + items.size() + " " + field + "; the limit is "
                    + maxBatchSize + ". Split it into smaller batches. Nothing was written.");
        }
        return items;
    }

    /** 400 with every error found, so a client fixes them all at once. */
    public static void throwIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            String first = errors.get(0);
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more error(s), see details)" : "";
            throw new ApiException(400, "invalid_request", "Invalid request: " + first + more + ". Nothing was written.",
                    errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
    }
}
