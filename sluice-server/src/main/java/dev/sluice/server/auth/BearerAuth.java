package dev.sluice.server.auth;

import dev.sluice.server.api.ApiException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Authenticates a request: the admin token, the optional read-only token, or (on event streams
 * only) a short-lived stream ticket. 401 when a route needs credentials and none are given, 403
 * when they are wrong or do not allow the route. Token compares are over SHA-256 digests with
 * {@link MessageDigest#isEqual}, so their time depends neither on where the tokens differ nor on
 * their lengths.
 *
 * <p>Tokens are read from {@code Authorization: Bearer <token>} only. A browser's EventSource
 * cannot send that header, so event streams (GET, and nothing else) also take {@code ?ticket=}, a
 * ticket from {@code POST /api/stream-tickets} that expires within a minute, or, for clients that
 * cannot fetch one, {@code ?access_token=} (RFC 6750 §2.3). Writes never take a token in the URL,
 * where proxies and browsers log it.
 */
public final class BearerAuth {

    private final byte[] adminDigest;
    private final byte[] readDigest;
    private final StreamTickets tickets;
    private final java.util.List<Consumer> consumers;

    /**
     * @param adminToken the token of every endpoint
     * @param readToken a token that may read but not write, or null
     * @param tickets where stream tickets are issued and checked
     */
    public BearerAuth(String adminToken, String readToken, StreamTickets tickets) {
        this(adminToken, readToken, tickets, java.util.Map.of());
    }

    /** @param consumerTokens scoped tokens of HTTP consumers: token to the queues it may consume */
    public BearerAuth(String adminToken, String readToken, StreamTickets tickets, java.util.Map<String, java.util.Set<String>> consumerTokens) {
        this.adminDigest = digest(adminToken);
        this.readDigest = readToken == null ? null : digest(readToken);
        this.tickets = tickets;
        this.consumers = consumerTokens.entrySet().stream().map(e -> new Consumer(digest(e.getKey()), e.getValue())).toList();
    }

    private record Consumer(byte[] digest, java.util.Set<String> queues) {
    }

    /**
     * The queues the request's bearer token may consume if it is a consumer token, else null (no
     * header, or another token: {@link #authenticate} decides). Every digest is compared, so the
     * time taken does not tell which token matched.
     */
    public java.util.Set<String> consumerScope(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || consumers.isEmpty()) {
            return null;
        }
        byte[] d = digest(header.substring(7).trim());
        java.util.Set<String> scope = null;
        for (Consumer c : consumers) {
            if (MessageDigest.isEqual(c.digest(), d)) {
                scope = c.queues();
            }
        }
        return scope;
    }

    /**
     * Who the request is: {@link Principal#ANONYMOUS} without credentials; throws 403 for a wrong
     * token or ticket.
     *
     * @param stream whether the route is an event stream, where credentials may come in the query
     */
    public Principal authenticate(Context ctx, boolean stream) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
                throw new ApiException(401, "unauthorized", "The Authorization header must be \"Bearer <token>\".");
            }
            return byToken(header.substring(7).trim());
        }
        if (!stream) {
            return Principal.ANONYMOUS;
        }
        String ticket = ctx.queryParam("ticket");
        if (ticket != null && !ticket.isEmpty()) {
            Principal p = tickets.resolve(ticket);
            if (p == null) {
                throw new ApiException(403, "forbidden", "The stream ticket is unknown or expired; get a new one with POST /api/stream-tickets.");
            }
            return p;
        }
        String query = ctx.queryParam("access_token");
        return query == null || query.isEmpty() ? Principal.ANONYMOUS : byToken(query);
    }

    private Principal byToken(String given) {
        byte[] d = digest(given);
        if (MessageDigest.isEqual(adminDigest, d)) {
            return Principal.ADMIN;
        }
        if (readDigest != null && MessageDigest.isEqual(readDigest, d)) {
            return Principal.READER;
        }
        throw new ApiException(403, "forbidden", "The bearer token is not valid for this service.");
    }

    /** Throws 401 (no credentials) or 403 (credentials that do not allow it) unless {@code who} is at least {@code needed}. */
    public static void require(Context ctx, Principal who, Principal needed) {
        if (who == Principal.ANONYMOUS) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sluice\"");
            throw new ApiException(401, "unauthorized",
                    "This endpoint needs the service token: send the header Authorization: Bearer <token>.");
        }
        if (who.ordinal() < needed.ordinal()) {
            throw new ApiException(403, "forbidden", "The read-only token cannot change anything; this endpoint needs the admin token.");
        }
    }

    public StreamTickets tickets() {
        return tickets;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
