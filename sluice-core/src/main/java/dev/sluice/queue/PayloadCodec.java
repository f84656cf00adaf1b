package dev.sluice.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson mapper Sluice uses for payloads: ISO-8601 dates, unknown properties ignored. */
public final class PayloadCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PayloadCodec() {
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises a value to JSON text. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("The payload of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Whether JSON text holds a NUL character, raw or as the JSON escape backslash-u0000 in a string or field
     * name: PostgreSQL's jsonb cannot store it (SQLSTATE 22P05). Text that is not valid JSON and has no
     * raw NUL gives false; {@link #requireValidJson} reports it.
     */
    public static boolean hasNul(String json) {
        if (json.indexOf('\u0000') >= 0) {
            return true;
        }
        if (!json.contains("u0000")) {
            return false;
        }
        try {
            return hasNul(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean hasNul(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().indexOf('\u0000') >= 0 || hasNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Checks that text is one JSON value; throws {@link InvalidMessageException} saying where it is not. */
    public static void requireValidJson(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidMessageException("The payload is empty; give a JSON value such as {} or null.");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("The payload is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").", e);
        }
    }

    /** Reads JSON text into a type. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("The payload cannot be read as " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads JSON text into a tree. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("The payload is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
