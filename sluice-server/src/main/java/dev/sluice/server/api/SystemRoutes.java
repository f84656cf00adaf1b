package dev.sluice.server.api;

import dev.sluice.Sluice;
import dev.sluice.schema.CoreMigrations;
import dev.sluice.schema.Migrator;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, readiness, Prometheus metrics, the OpenAPI description and the dashboard's static files. */
public final class SystemRoutes {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SystemRoutes.class);

    private static final String OPENAPI = "/dev/sluice/server/api/openapi.json";
    private static final String DASHBOARD = "/dev/sluice/server/dashboard/";

    /** A component whose migrations readiness checks, e.g. the leaderboard's. */
    public record MigratedComponent(Migrator migrator, String schema) {
    }

    private final Sluice sluice;
    private final PrometheusMeterRegistry registry;
    private final List<MigratedComponent> components = new ArrayList<>();
    private final byte[] openApi;

    public SystemRoutes(Sluice sluice, PrometheusMeterRegistry registry) {
        this.sluice = sluice;
        this.registry = registry;
        this.components.add(new MigratedComponent(CoreMigrations.migrator(), sluice.config().schema()));
        this.openApi = resource(OPENAPI);
    }

    /** Also require this component's migrations for readiness. */
    public void requireMigrations(MigratedComponent component) {
        components.add(component);
    }

    public void register(RouteTable table) {
        table.get("/health", Access.PUBLIC, ctx -> Json.write(ctx, 200, Map.of("status", "up")));
        table.get("/ready", Access.PUBLIC, this::ready);
        table.get("/metrics", Access.METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        table.get("/openapi.json", Access.PUBLIC, ctx -> ctx.contentType("application/json").result(openApi));
        table.get("/", Access.PUBLIC, ctx -> staticFile(ctx, "index.html", "text/html; charset=utf-8"));
        table.get("/dashboard/app.js", Access.PUBLIC, ctx -> staticFile(ctx, "app.js", "text/javascript; charset=utf-8"));
        table.get("/dashboard/style.css", Access.PUBLIC, ctx -> staticFile(ctx, "style.css", "text/css; charset=utf-8"));
    }

    /** 200 when the database answers and every component's migrations are applied, else 503 with the reason. */
    private void ready(Context ctx) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ok = true;
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            checks.put("database", "up");
        } catch (SQLException | RuntimeException e) {
            // Public endpoint: the database's own text (hosts, users, tables) goes to the log only.
            log.warn("Readiness: database down (request {}): {}", RequestIds.of(ctx), e.toString());
            checks.put("database", "down");
            ok = false;
        }
        if (ok) {
            for (MigratedComponent component : components) {
                String name = component.migrator().component();
                try {
                    int current = component.migrator().currentVersion(sluice.dataSource(), component.schema());
                    int latest = component.migrator().latestVersion();
                    boolean applied = current >= latest;
                    checks.put("migrations." + name, applied ? "applied (version " + current + ")"
                            : "pending: at version " + current + " of " + latest + "; run sluice migrate");
                    ok &= applied;
                } catch (RuntimeException e) {
                    log.warn("Readiness: could not read the {} migrations (request {}): {}", name, RequestIds.of(ctx), e.toString());
                    checks.put("migrations." + name, "unknown");
                    ok = false;
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ready" : "not_ready");
        body.put("checks", checks);
        if (!ok) {
            body.put("requestId", RequestIds.of(ctx));
        }
        Json.write(ctx, ok ? 200 : 503, body);
    }

    private static void staticFile(Context ctx, String name, String type) {
        ctx.header("Cache-Control", "no-cache").contentType(type).result(resource(DASHBOARD + name));
    }

    private static byte[] resource(String path) {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + path + " is missing from the sluice-server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
