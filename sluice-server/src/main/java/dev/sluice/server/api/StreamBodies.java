package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.streams.RetentionMode;
import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamOptions;
import dev.sluice.streams.StreamPosition;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Request bodies of the stream routes, checked field by field with messages that name the field. */
final class StreamBodies {

    /** Longest event key accepted over HTTP. */
    static final int MAX_KEY_LENGTH = 1000;
    private static final Set<String> EVENT_FIELDS = Set.of("key", "payload");
    private static final Set<String> OPTION_FIELDS = Set.of("partitionSeconds", "retentionSeconds", "maxBytes", "retentionMode");
    private static final Set<String> START_FIELDS = Set.of("from", "time", "afterEvent", "position");
    private static final Set<String> POSITION_FIELDS = Set.of("txid", "id");

    private final int maxPayloadBytes;

    StreamBodies(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** A stream or subscription name from the path; 400 (invalid_name) unless 1 to 40 of [a-z0-9_] starting with a letter. */
    static String name(String value) {
        return Streams.checkName(value);
    }

    /** {"key": optional string, "payload": any JSON value except null}. */
    StreamRecord record(JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        Fields.requireObject(node, path, EVENT_FIELDS, errors);
        if (errors.size() > before) {
            return null;
        }
        String key = Fields.optionalString(node, "key", path, MAX_KEY_LENGTH, errors);
        if (key != null && key.indexOf('\0') >= 0) {
            errors.add(path + ".key contains a NUL character, which PostgreSQL text cannot hold");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || payload.isNull()) {
            errors.add(path + ".payload is required (any JSON value but null)");
        }
        return errors.size() > before ? null : StreamRecord.ofJson(key, payload.toString());
    }

    /** 413 naming the first event whose payload is over SluiceConfig.maxPayloadBytes; nothing is written. */
    void throwIfTooLarge(List<StreamRecord> records, String path) {
        List<String> over = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            int bytes = records.get(i).json().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxPayloadBytes) {
                over.add((records.size() == 1 && path.equals("body") ? "body" : path + "[" + i + "]") + ".payload is " + bytes + " bytes");
            }
        }
        if (!over.isEmpty()) {
            throw new ApiException(413, "event_too_large", over.get(0) + "; the limit is " + maxPayloadBytes
                    + " bytes per event (SluiceConfig.maxPayloadBytes)" + (over.size() > 1 ? ", and " + (over.size() - 1) + " more event(s) are over it" : "")
                    + ". Nothing was written.", over.size() > 100 ? over.subList(0, 100) : over);
        }
    }

    /** Stream options; an absent field keeps its default, a null retentionSeconds/maxBytes means none. */
    StreamOptions options(JsonNode body) {
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", OPTION_FIELDS, errors);
        Fields.throwIfAny(errors);
        StreamOptions.Builder b = StreamOptions.builder();
        long partition = Fields.optionalLong(body, "partitionSeconds", "body", 1, 31L * 86400, 3600, errors);
        b.partitionInterval(Duration.ofSeconds(partition));
        if (body.has("retentionSeconds")) {
            long retention = Fields.optionalLong(body, "retentionSeconds", "body", 1, Long.MAX_VALUE / 1000, 0, errors);
            b.retention(retention == 0 ? null : Duration.ofSeconds(retention));
        }
        if (body.has("maxBytes")) {
            long max = Fields.optionalLong(body, "maxBytes", "body", 1, Long.MAX_VALUE, 0, errors);
            b.maxBytes(max == 0 ? null : max);
        }
        String mode = Fields.optionalString(body, "retentionMode", "body", 40, errors);
        if (mode != null) {
            switch (mode) {
                case "keep_unconsumed" -> b.retentionMode(RetentionMode.KEEP_UNCONSUMED);
                case "drop_unconsumed" -> b.retentionMode(RetentionMode.DROP_UNCONSUMED);
                default -> errors.add("body.retentionMode must be \"keep_unconsumed\" or \"drop_unconsumed\"; got \"" + mode + "\"");
            }
        }
        Fields.throwIfAny(errors);
        return b.build();
    }

    static Map<String, Object> optionsJson(StreamOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partitionSeconds", o.partitionInterval().toSeconds());
        m.put("retentionSeconds", o.retention() == null ? null : o.retention().toSeconds());
        m.put("maxBytes", o.maxBytes());
        m.put("retentionMode", o.retentionMode().name().toLowerCase(Locale.ROOT));
        return m;
    }

    /** Exactly one of {"from": "earliest"|"latest"}, {"time": ISO-8601}, {"afterEvent": id}, {"position": {"txid", "id"}}. */
    StartFrom startFrom(JsonNode body) {
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", START_FIELDS, errors);
        Fields.throwIfAny(errors);
        List<String> given = new ArrayList<>();
        body.fieldNames().forEachRemaining(given::add);
        if (given.size() != 1) {
            throw ApiException.badRequest("Give exactly one of body.from (\"earliest\" or \"latest\"), body.time, body.afterEvent or body.position; got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)) + ".");
        }
        StartFrom out = switch (given.get(0)) {
            case "from" -> {
                String from = Fields.requiredString(body, "from", "body", 20, errors);
                if ("earliest".equals(from)) {
                    yield StartFrom.earliest();
                }
                if ("latest".equals(from)) {
                    yield StartFrom.latest();
                }
                if (from != null) {
                    errors.add("body.from must be \"earliest\" or \"latest\"; got \"" + from + "\"");
                }
                yield null;
            }
            case "time" -> {
                Instant time = Fields.optionalInstant(body, "time", "body", errors);
                if (time == null && errors.isEmpty()) {
                    errors.add("body.time must be an ISO-8601 instant such as \"2026-11-25T10:00:00Z\"");
                }
                yield time == null ? null : StartFrom.time(time);
            }
            case "afterEvent" -> {
                long id = Fields.requiredLong(body, "afterEvent", "body", 1, Long.MAX_VALUE, errors);
                yield errors.isEmpty() ? StartFrom.afterEvent(id) : null;
            }
            default -> {
                JsonNode p = body.get("position");
                Fields.requireObject(p, "body.position", POSITION_FIELDS, errors);
                if (!errors.isEmpty()) {
                    yield null;
                }
                String txid = Fields.requiredString(p, "txid", "body.position", 20, errors);
                long id = Fields.requiredLong(p, "id", "body.position", 0, Long.MAX_VALUE, errors);
                if (!errors.isEmpty()) {
                    yield null;
                }
                try {
                    yield StartFrom.position(new StreamPosition(txid, id));
                } catch (IllegalArgumentException e) {
                    errors.add("body.position: " + e.getMessage());
                    yield null;
                }
            }
        };
        Fields.throwIfAny(errors);
        return out;
    }
}
