package dev.sluice.examples.versioning;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON-over-HTTP server on loopback (the JDK's {@code com.sun.net.httpserver}, no extra
 * dependency), one per service. Routes map a path prefix to a function of the rest of the path and
 * the request body.
 */
final class JsonHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);

    static {
        // TCP_NODELAY on accepted sockets: without it, Nagle's algorithm and delayed ACKs add tens of
        // milliseconds to small request/response exchanges, which would dwarf the work being measured.
        // Read once by the JDK server's configuration, so it must be set before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A route: the path after its prefix, and the request body (empty for GET). */
    @FunctionalInterface
    interface Route {
        Object handle(String rest, byte[] body) throws Exception;
    }

    /** Thrown by a route to answer with a status other than 200. */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;

    JsonHttpServer(String name, int threads, Map<String, Route> routes) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        routes.forEach((prefix, route) -> server.createContext(prefix, exchange -> serve(exchange, prefix, route)));
        server.setExecutor(executor);
        server.start();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234}. */
    URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange, String prefix, Route route) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String rest = exchange.getRequestURI().getPath().substring(prefix.length());
            int status = 200;
            byte[] response;
            try {
                response = Json.write(route.handle(rest, body));
            } catch (HttpError e) {
                status = e.status;
                response = error(e.getMessage());
            } catch (Exception e) {
                LOG.warn("{} failed on {}: {}", name, exchange.getRequestURI(), e.toString());
                status = 500;
                response = error(e.toString());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    private static byte[] error(String message) {
        return Json.write(Map.of("error", message == null ? "" : message));
    }

    static long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "not an id: " + new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
