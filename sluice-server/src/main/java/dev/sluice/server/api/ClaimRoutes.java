package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.lease.Lease;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.lease.Leases;
import dev.sluice.queue.ReceivedMessage;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * HTTP consumers on leases, so that a service in any language can work a queue (at least once):
 * claim up to N messages with a lease, then acknowledge, fail or extend them by the lease token.
 * A wrong, settled or expired token gets 409 {@code lease_lost}. Needs the admin token or a
 * consumer token scoped to the queue ({@link Access#CONSUMER}). The queue's global limits apply to
 * claims: the rate limit gives fewer messages (200, {@code heldBack} says when to come back) or
 * none (429, {@code retryAfterMs}); with {@code maxConcurrentBatches}, a claim holds a slot until its
 * messages are settled or expired, and no free slot is a 429.
 */
public final class ClaimRoutes {

    private static final Set<String> CLAIM_FIELDS = Set.of("max", "leaseSeconds", "maxAttempts");
    private static final Set<String> ACK_FIELDS = Set.of("ids");
    private static final Set<String> FAIL_FIELDS = Set.of("ids", "error");
    private static final Set<String> EXTEND_FIELDS = Set.of("ids", "leaseSeconds");
    private static final int MAX_ERROR_LENGTH = 4_000;

    private final Sluice sluice;
    private final int maxBodyBytes;
    private final int maxBatchSize;

    public ClaimRoutes(Sluice sluice, int maxBodyBytes, int maxBatchSize) {
        this.sluice = sluice;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = Math.min(maxBatchSize, 10_000);
    }

    public void register(RouteTable table) {
        table.post("/api/queues/{queue}/claims", Access.CONSUMER, this::claim);
        table.post("/api/queues/{queue}/claims/{token}/ack", Access.CONSUMER, this::ack);
        table.post("/api/queues/{queue}/claims/{token}/fail", Access.CONSUMER, this::fail);
        table.post("/api/queues/{queue}/claims/{token}/extend", Access.CONSUMER, this::extend);
    }

    private Leases leases() {
        return sluice.leases();
    }

    private void claim(Context ctx) {
        String queue = QueueRoutes.queue(ctx);
        JsonNode body = optionalBody(ctx, CLAIM_FIELDS);
        List<String> errors = new ArrayList<>();
        int max = (int) Fields.optionalLong(body, "max", "body", 1, maxBatchSize, 10, errors);
        long leaseSeconds = Fields.optionalLong(body, "leaseSeconds", "body", 1, 43_200, 30, errors);
        int maxAttempts = (int) Fields.optionalLong(body, "maxAttempts", "body", 1, 1000, LeaseOptions.DEFAULTS.maxAttempts(), errors);
        Fields.throwIfAny(errors);
        Lease lease = leases().claim(queue, max, Duration.ofSeconds(leaseSeconds), maxAttempts, LeaseOptions.DEFAULTS);
        Lease.HeldBack held = lease.heldBack();
        if (lease.isEmpty() && held != null) {
            tooMany(ctx, queue, held);
            return;
        }
        List<Map<String, Object>> messages = new ArrayList<>(lease.messages().size());
        for (ReceivedMessage m : lease.messages()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", m.id());
            out.put("priority", m.priority());
            out.put("payload", m.payloadTree());
            out.put("attempts", m.attempts());
            out.put("enqueuedAt", m.enqueuedAt());
            out.put("runAt", m.runAt());
            out.put("orderingKey", m.orderingKey());
            out.put("idempotencyKey", m.idempotencyKey());
            messages.add(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("token", lease.isEmpty() ? null : lease.token());
        out.put("deadline", lease.deadline());
        out.put("messages", messages);
        // Fewer messages than asked for because of the rate limit: when another claim is worth it.
        out.put("heldBack", held == null ? null : Map.of("limit", held.limit(), "retryAfterMs", held.retryAfter().toMillis()));
        Json.write(ctx, 200, out);
    }

    /**
     * A claim that a global limit of the queue let through with no message: 429 with Retry-After
     * (whole seconds, as HTTP has it) and the exact {@code retryAfterMs} in the body, so a consumer
     * tells "throttled, come back in 25 ms" from "nothing ready" (200, empty).
     */
    private static void tooMany(Context ctx, String queue, Lease.HeldBack held) {
        long millis = Math.max(1, held.retryAfter().toMillis());
        boolean rate = held.limit().equals("rateLimit");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", rate ? "rate_limited" : "concurrency_limited");
        out.put("message", rate
                ? "Queue \"" + queue + "\" is at its rateLimit; claim again in " + millis + " ms (retryAfterMs)."
                : "Queue \"" + queue + "\" has every one of its maxConcurrentBatches slots held by running batches or"
                        + " unsettled leases; claim again in " + millis + " ms (retryAfterMs), or settle a lease.");
        out.put("details", List.of());
        out.put("limit", held.limit());
        out.put("retryAfterMs", millis);
        ctx.header("Retry-After", Long.toString((millis + 999) / 1000));
        Json.write(ctx, 429, out);
    }

    private void ack(Context ctx) {
        String queue = QueueRoutes.queue(ctx);
        UUID token = token(ctx);
        JsonNode body = optionalBody(ctx, ACK_FIELDS);
        List<String> errors = new ArrayList<>();
        List<Long> ids = ids(body, errors);
        Fields.throwIfAny(errors);
        List<Long> done = leases().ack(queue, token, ids);
        Json.write(ctx, 200, Map.of("queue", queue, "acknowledged", done));
    }

    private void fail(Context ctx) {
        String queue = QueueRoutes.queue(ctx);
        UUID token = token(ctx);
        JsonNode body = optionalBody(ctx, FAIL_FIELDS);
        List<String> errors = new ArrayList<>();
        List<Long> ids = ids(body, errors);
        String error = Fields.optionalString(body, "error", "body", MAX_ERROR_LENGTH, errors);
        Fields.throwIfAny(errors);
        Leases.FailResult result = leases().fail(queue, token, ids, error == null ? "failed by an HTTP consumer" : error, LeaseOptions.DEFAULTS);
        Json.write(ctx, 200, Map.of("queue", queue, "retried", result.retried(), "deadLettered", result.dead()));
    }

    private void extend(Context ctx) {
        String queue = QueueRoutes.queue(ctx);
        UUID token = token(ctx);
        JsonNode body = optionalBody(ctx, EXTEND_FIELDS);
        List<String> errors = new ArrayList<>();
        List<Long> ids = ids(body, errors);
        long seconds = Fields.optionalLong(body, "leaseSeconds", "body", 1, 43_200, 30, errors);
        Fields.throwIfAny(errors);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("deadline", leases().extend(queue, token, ids, Duration.ofSeconds(seconds)));
        Json.write(ctx, 200, out);
    }

    /** An empty body means {}: "all of the lease, defaults otherwise". */
    private JsonNode optionalBody(Context ctx, Set<String> allowed) {
        boolean empty = ctx.req().getContentLengthLong() == 0 || (ctx.req().getContentLengthLong() < 0 && ctx.contentType() == null);
        JsonNode body = empty ? Json.MAPPER.createObjectNode() : JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", allowed, errors);
        Fields.throwIfAny(errors);
        return body;
    }

    private static UUID token(Context ctx) {
        String text = ctx.pathParam("token");
        try {
            UUID token = UUID.fromString(text);
            if (!token.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
            return token;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The lease token must be the token a claim returned (a UUID such as"
                    + " 0b5c7f38-2c4e-4f63-9d6f-0d1c2b3a4e5f); got \"" + text + "\".");
        }
    }

    /** Optional {@code ids}: null (absent) means every message of the lease. */
    private List<Long> ids(JsonNode body, List<String> errors) {
        JsonNode ids = body.get("ids");
        if (ids == null || ids.isNull()) {
            return null;
        }
        if (!ids.isArray() || ids.isEmpty()) {
            errors.add("body.ids must be a non-empty array of message ids (leave it out for every message of the lease)");
            return null;
        }
        if (ids.size() > maxBatchSize) {
            errors.add("body.ids has " + ids.size() + " ids; the limit is " + maxBatchSize);
            return null;
        }
        List<Long> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
                errors.add("body.ids[" + i + "] must be a positive whole number");
            } else {
                out.add(id.longValue());
            }
        }
        return out;
    }
}
