package dev.sluice.server.api;

import io.javalin.http.Context;

/**
 * Headers on every response. The dashboard is same-origin only: its script, styles, streams and
 * API calls come from this service, it has no inline script or style, and it may not be framed.
 */
public final class SecurityHeaders {

    /** The dashboard's policy; {@code connect-src 'self'} covers its fetches and EventSource streams. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
    }
}
