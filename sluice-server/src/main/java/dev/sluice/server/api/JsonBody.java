package dev.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body as JSON within the size limit: 415 unless it is declared as JSON, 413 when
 * larger than the limit (checked against Content-Length first, then while reading, so a chunked
 * body cannot slip past), 400 when it is not well-formed JSON.
 */
public final class JsonBody {

    private JsonBody() {
    }

    public static JsonNode read(Context ctx, int maxBytes) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Send the body as JSON with the header Content-Type: application/json (got " + (type == null ? "none" : type) + ").");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes, declared);
        }
        byte[] bytes = readLimited(ctx, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request body is empty; send a JSON document.");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("The request body is empty; send a JSON document.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
        }
    }

    private static byte[] readLimited(Context ctx, int maxBytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, ctx.req().getContentLength())));
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes, -1);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(int maxBytes, long declared) {
        return new ApiException(413, "payload_too_large", "The request body is larger than the limit of " + maxBytes + " bytes"
                + (declared > 0 ? " (Content-Length " + declared + ")" : "") + "; send smaller batches.");
    }
}
