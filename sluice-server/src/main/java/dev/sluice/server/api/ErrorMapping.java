package dev.sluice.server.api;

import dev.sluice.SluiceException;
import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.schema.InvalidIdentifierException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception into a JSON error: the client's mistakes into 4xx with a message that says
 * what to fix, a database outage into 503, and only a bug into 500 (logged with its stack trace).
 * A 5xx answer never echoes exception or database text (it can name tables, hosts, users): it has a
 * stable code and the request id, under which the log has the detail.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage(), e.details()));
        routes.exception(UnknownQueueException.class, (e, ctx) -> write(ctx, 404, "unknown_queue",
                "Queue \"" + e.queue() + "\" does not exist. Create it with PUT /api/queues/" + e.queue() + ".", List.of()));
        routes.exception(InvalidMessageException.class, (e, ctx) -> write(ctx, 400, "invalid_message", e.getMessage() + " Nothing was written.", List.of()));
        routes.exception(dev.sluice.schedule.InvalidScheduleException.class, (e, ctx) -> write(ctx, 400, "invalid_schedule", e.getMessage() + " Nothing was written.", List.of()));
        routes.exception(dev.sluice.schedule.UnknownScheduleException.class, (e, ctx) -> write(ctx, 404, "unknown_schedule",
                "Schedule \"" + e.name() + "\" is not defined. Define it with PUT /api/schedules/" + e.name() + ".", List.of()));
        routes.exception(dev.sluice.lease.LeaseLostException.class, (e, ctx) -> write(ctx, 409, "lease_lost", e.getMessage(), List.of()));
        routes.exception(InvalidIdentifierException.class, (e, ctx) -> write(ctx, 400, "invalid_name", e.getMessage(), List.of()));
        routes.exception(dev.sluice.leaderboard.UnknownWindowException.class,
                (e, ctx) -> write(ctx, 404, "unknown_window", e.getMessage(), List.of()));
        routes.exception(dev.sluice.streams.UnknownStreamException.class, (e, ctx) -> write(ctx, 404, "unknown_stream",
                "Stream \"" + e.stream() + "\" does not exist. Create it with PUT /api/streams/" + e.stream() + ".", List.of()));
        routes.exception(dev.sluice.streams.UnknownSubscriptionException.class, (e, ctx) -> write(ctx, 404, "unknown_subscription",
                "Subscription \"" + e.subscription() + "\" of stream \"" + e.stream() + "\" does not exist. Create it with PUT /api/streams/"
                        + e.stream() + "/subscriptions/" + e.subscription() + ".", List.of()));
        routes.exception(dev.sluice.streams.UnknownEventException.class, (e, ctx) -> write(ctx, 400, "unknown_event", e.getMessage(), List.of()));
        routes.exception(HttpResponseException.class, ErrorMapping::javalinFailure);
        routes.exception(SluiceException.class, ErrorMapping::sluiceFailure);
        routes.exception(Exception.class, ErrorMapping::unexpected);
        routes.error(404, ctx -> {
            if (isEmpty(ctx)) {
                write(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path() + ". See /openapi.json.", List.of());
            }
        });
        routes.error(405, ctx -> {
            if (isEmpty(ctx)) {
                write(ctx, 405, "method_not_allowed", "Method " + ctx.method() + " is not allowed on " + ctx.path() + ". See /openapi.json.", List.of());
            }
        });
    }

    /** Javalin's own refusals (no such route, wrong method, ...) in the same JSON shape. */
    private static void javalinFailure(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> write(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path() + ". See /openapi.json.", List.of());
            case 405 -> write(ctx, 405, "method_not_allowed", "Method " + ctx.method() + " is not allowed on " + ctx.path() + ". See /openapi.json.", List.of());
            case 413 -> write(ctx, 413, "payload_too_large", "The request body is too large: " + e.getMessage(), List.of());
            default -> {
                if (e.getStatus() >= 500) {
                    unexpected(e, ctx);
                } else {
                    write(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage(), List.of());
                }
            }
        }
    }

    private static boolean isEmpty(Context ctx) {
        String result = ctx.result();
        return result == null || result.isEmpty() || !result.startsWith("{");
    }

    /** Database unreachable or overloaded: 503, the client may retry. Anything else from the core: 500. */
    private static void sluiceFailure(SluiceException e, Context ctx) {
        if (isConnectionProblem(e)) {
            String id = RequestIds.of(ctx);
            log.warn("Database unavailable on {} {} (request {}): {}", ctx.method(), ctx.path(), id, e.toString());
            write(ctx, 503, "database_unavailable", "The database is unavailable; nothing was changed. Retry later.", List.of());
        } else {
            unexpected(e, ctx);
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        String id = RequestIds.of(ctx);
        log.error("Unexpected failure on {} {} (request {})", ctx.method(), ctx.path(), id, e);
        write(ctx, 500, "internal_error", "The service failed unexpectedly; its log has the details under request id " + id + ".", List.of());
    }

    public static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    public static void write(Context ctx, int status, String code, String message, List<String> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        body.put("requestId", RequestIds.of(ctx));
        Json.write(ctx, status, body);
    }
}
