package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamEvent;
import dev.sluice.streams.StreamOptions;
import dev.sluice.streams.StreamPosition;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.StreamStats;
import dev.sluice.streams.Streams;
import dev.sluice.streams.SubscriptionStats;
import dev.sluice.streams.UnknownSubscriptionException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event streams: list, stats, create, append (single and batch), read a range for debugging,
 * subscriptions with their lag, create/delete a subscription, reset (replay). Subscribers consume
 * through the library, not over HTTP: a handler must run in the transaction that moves the position.
 */
public final class StreamRoutes {

    /** Most events one range read returns. */
    public static final int MAX_READ = 1000;

    private final Streams streams;
    private final StreamBodies bodies;
    private final int maxBodyBytes;
    private final int maxBatchSize;

    public StreamRoutes(Streams streams, int maxBodyBytes, int maxBatchSize, int maxPayloadBytes) {
        this.streams = streams;
        this.bodies = new StreamBodies(maxPayloadBytes);
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = maxBatchSize;
    }

    public void register(RouteTable table) {
        table.get("/api/streams", Access.READ, this::list);
        table.get("/api/streams/{stream}", Access.READ, this::stats);
        table.put("/api/streams/{stream}", Access.TOKEN, this::create);
        table.post("/api/streams/{stream}/events", Access.TOKEN, this::appendOne);
        table.post("/api/streams/{stream}/events/batch", Access.TOKEN, this::appendBatch);
        table.get("/api/streams/{stream}/events", Access.READ, this::read, "from", "limit");
        table.get("/api/streams/{stream}/subscriptions", Access.READ, this::subscriptions);
        table.put("/api/streams/{stream}/subscriptions/{subscription}", Access.TOKEN, this::subscribe);
        table.delete("/api/streams/{stream}/subscriptions/{subscription}", Access.TOKEN, this::unsubscribe);
        table.post("/api/streams/{stream}/subscriptions/{subscription}/reset", Access.TOKEN, this::reset);
    }

    private void list(Context ctx) {
        Json.write(ctx, 200, Map.of("streams", streams.list()));
    }

    private void stats(Context ctx) {
        Json.write(ctx, 200, statsJson(streams.stats(stream(ctx))));
    }

    /** Creates the stream, or updates its retention (an existing stream keeps its partition interval). Body optional. */
    private void create(Context ctx) {
        String stream = stream(ctx);
        StreamOptions options = hasBody(ctx) ? bodies.options(JsonBody.read(ctx, maxBodyBytes)) : StreamOptions.DEFAULTS;
        boolean created = streams.create(stream, options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", stream);
        out.put("created", created);
        out.put("options", StreamBodies.optionsJson(streams.options(stream)));
        Json.write(ctx, created ? 201 : 200, out);
    }

    private void appendOne(Context ctx) {
        String stream = stream(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        StreamRecord record = bodies.record(body, "body", errors);
        Fields.throwIfAny(errors);
        bodies.throwIfTooLarge(List.of(record), "body");
        long id = streams.append(stream, record);
        Json.write(ctx, 201, Map.of("stream", stream, "id", id));
    }

    /** All or nothing: every event is checked first, then the batch is one statement in one transaction. */
    private void appendBatch(Context ctx) {
        String stream = stream(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        JsonNode items = Fields.batchItems(body, "events", "events", maxBatchSize);
        List<String> errors = new ArrayList<>();
        List<StreamRecord> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            records.add(bodies.record(items.get(i), "events[" + i + "]", errors));
        }
        Fields.throwIfAny(errors);
        bodies.throwIfTooLarge(records, "events");
        List<Long> ids = streams.append(stream, records);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", stream);
        out.put("appended", ids.size());
        out.put("ids", ids);
        Json.write(ctx, 200, out);
    }

    /** Committed events with id >= from, in id order (not delivery order): for looking at a stream, not for consuming it. */
    private void read(Context ctx) {
        String stream = stream(ctx);
        long from = QueueRoutes.longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) QueueRoutes.longParam(ctx, "limit", 100, 1, MAX_READ);
        List<StreamEvent> events = streams.read(stream, from, limit);
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (StreamEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("txid", e.txid());
            m.put("key", e.key());
            m.put("payload", e.tree());
            m.put("appendedAt", e.appendedAt());
            out.add(m);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("stream", stream);
        page.put("events", out);
        page.put("next", events.size() == limit ? events.get(events.size() - 1).id() + 1 : null);
        Json.write(ctx, 200, page);
    }

    private void subscriptions(Context ctx) {
        StreamStats stats = streams.stats(stream(ctx));
        Json.write(ctx, 200, Map.of("stream", stats.stream(), "subscriptions", stats.subscriptions().stream().map(StreamRoutes::subscriptionJson).toList()));
    }

    /** Creates the subscription at body.from (default earliest); an existing one keeps its position (200). */
    private void subscribe(Context ctx) {
        String stream = stream(ctx);
        String name = subscription(ctx);
        StartFrom from = hasBody(ctx) ? bodies.startFrom(JsonBody.read(ctx, maxBodyBytes)) : StartFrom.earliest();
        boolean created = streams.subscriptions().create(stream, name, from);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", stream);
        out.put("subscription", name);
        out.put("created", created);
        Json.write(ctx, created ? 201 : 200, out);
    }

    private void unsubscribe(Context ctx) {
        String stream = stream(ctx);
        String name = subscription(ctx);
        if (!streams.subscriptions().delete(stream, name)) {
            throw new UnknownSubscriptionException(stream, name);
        }
        Json.write(ctx, 200, Map.of("stream", stream, "subscription", name, "deleted", true));
    }

    /** Moves the subscription back (replay) or forward (skip); waits for a batch of it in flight to finish. */
    private void reset(Context ctx) {
        String stream = stream(ctx);
        String name = subscription(ctx);
        StartFrom to = bodies.startFrom(JsonBody.read(ctx, maxBodyBytes));
        StreamPosition p = streams.subscriptions().reset(stream, name, to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", stream);
        out.put("subscription", name);
        out.put("position", p);
        Json.write(ctx, 200, out);
    }

    static Map<String, Object> statsJson(StreamStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", s.stream());
        m.put("events", s.events());
        m.put("firstId", s.firstId());
        m.put("lastId", s.lastId());
        m.put("oldest", s.oldest());
        m.put("newest", s.newest());
        m.put("appendedLastMinute", s.appendedLastMinute());
        m.put("partitions", s.partitions());
        m.put("bytes", s.bytes());
        m.put("subscriptions", s.subscriptions().stream().map(StreamRoutes::subscriptionJson).toList());
        return m;
    }

    static Map<String, Object> subscriptionJson(SubscriptionStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("position", s.position());
        m.put("consumed", s.consumed());
        m.put("lagEvents", s.lagEvents());
        m.put("lagSeconds", s.lag().toMillis() / 1000.0);
        m.put("lostEvents", s.lostEvents());
        m.put("lastLostAt", s.lastLostAt());
        m.put("updatedAt", s.updatedAt());
        m.put("holdsRetention", s.holdsRetention());
        m.put("behindRetention", s.behindRetention());
        return m;
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static String stream(Context ctx) {
        return StreamBodies.name(ctx.pathParam("stream"));
    }

    private static String subscription(Context ctx) {
        return StreamBodies.name(ctx.pathParam("subscription"));
    }
}
