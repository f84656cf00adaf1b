package dev.sluice.server.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests that Jetty refuses before any route sees them (a NUL byte or an ambiguous segment in
 * the path, a bad header) get the same JSON error as every other refusal instead of Jetty's HTML
 * page, with the same security headers.
 */
public final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "http_" + code);
        body.put("message", code >= 500 ? "The service failed unexpectedly; see its log."
                : "The request was refused before reaching an endpoint: " + (message == null ? "bad request" : message)
                        + ". Check the path for NUL bytes, encoded slashes or dot segments.");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty closes the connection after such a refusal (the body may be unread): say so, so clients do not reuse it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.write(true, ByteBuffer.wrap(Json.text(body).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
