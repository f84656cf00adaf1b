package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.queue.QueueLimits;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A queue's global limits (concurrent batches in the cluster, messages per second): read and replace. */
public final class LimitRoutes {

    private static final Set<String> FIELDS = Set.of("maxConcurrentBatches", "rateLimit", "rateBurst");

    private final Sluice sluice;
    private final int maxBodyBytes;

    public LimitRoutes(Sluice sluice, int maxBodyBytes) {
        this.sluice = sluice;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(RouteTable table) {
        table.get("/api/queues/{queue}/limits", Access.READ, ctx -> write(ctx, QueueRoutes.queue(ctx), sluice.queues().limits(QueueRoutes.queue(ctx))));
        table.put("/api/queues/{queue}/limits", Access.TOKEN, this::set);
    }

    /** Replaces all limits: a field left out or null removes that limit. Every field is checked before anything is written. */
    private void set(Context ctx) {
        String queue = QueueRoutes.queue(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", FIELDS, errors);
        Fields.throwIfAny(errors);
        Integer max = body.hasNonNull("maxConcurrentBatches")
                ? (int) Fields.optionalLong(body, "maxConcurrentBatches", "body", 1, 10_000, 1, errors) : null;
        Double rate = null;
        JsonNode rateNode = body.get("rateLimit");
        if (rateNode != null && !rateNode.isNull()) {
            if (!rateNode.isNumber() || rateNode.doubleValue() <= 0 || rateNode.doubleValue() > 1_000_000) {
                errors.add("body.rateLimit must be a number of messages per second above 0 and at most 1000000");
            } else {
                rate = rateNode.doubleValue();
            }
        }
        Integer burst = body.hasNonNull("rateBurst") ? (int) Fields.optionalLong(body, "rateBurst", "body", 1, 1_000_000, 1, errors) : null;
        if (burst != null && rate == null && !body.hasNonNull("rateLimit")) {
            errors.add("body.rateBurst needs body.rateLimit");
        }
        Fields.throwIfAny(errors);
        QueueLimits limits = new QueueLimits(max, rate, burst);
        sluice.queues().setLimits(queue, limits);
        write(ctx, queue, limits);
    }

    private static void write(Context ctx, String queue, QueueLimits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("maxConcurrentBatches", limits.maxConcurrentBatches());
        out.put("rateLimit", limits.rateLimit());
        out.put("rateBurst", limits.rateBurst());
        out.put("effectiveBurst", limits.rateLimit() == null ? null : limits.effectiveBurst());
        Json.write(ctx, 200, out);
    }
}
