package dev.sluice.server.auth;

import dev.sluice.server.api.ApiException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the bearer token of a request: 401 when none is given, 403 when it is wrong. The compare
 * is over SHA-256 digests with {@link MessageDigest#isEqual}, so its time depends neither on where
 * the tokens differ nor on their lengths.
 *
 * <p>The token is read from {@code Authorization: Bearer <token>}, or from the query parameter
 * {@code access_token} (RFC 6750 §2.3), which is the only way a browser's EventSource can send one.
 */
public final class BearerAuth {

    private final byte[] expectedDigest;

    public BearerAuth(String token) {
        this.expectedDigest = digest(token);
    }

    /** Throws {@link ApiException} 401 or 403 unless the request carries the token. */
    public void require(Context ctx) {
        String given = presented(ctx);
        if (given == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sluice\"");
            throw new ApiException(401, "unauthorized",
                    "This endpoint needs the service token: send the header Authorization: Bearer <token>.");
        }
        if (!MessageDigest.isEqual(expectedDigest, digest(given))) {
            throw new ApiException(403, "forbidden", "The bearer token is not valid for this service.");
        }
    }

    /** True when the request carries the right token (no exception). */
    public boolean accepts(Context ctx) {
        String given = presented(ctx);
        return given != null && MessageDigest.isEqual(expectedDigest, digest(given));
    }

    private static String presented(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
                return header.substring(7).trim();
            }
            return null;
        }
        String query = ctx.queryParam("access_token");
        return query == null || query.isEmpty() ? null : query;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
