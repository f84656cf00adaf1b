package dev.sluice.server.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** One timer per route template, method and status: {@code sluice_http_server_requests_seconds}. */
public final class HttpMetrics {

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a finished request (called by Javalin's request logger). */
    public void record(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint().path;
        } catch (RuntimeException noEndpoint) {
            route = "unmatched";
        }
        if (route.contains("*")) {
            route = "unmatched"; // never one series per raw URL
        }
        Timer.builder("sluice.http.server.requests")
                .description("HTTP requests handled by the Sluice service")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }
}
