package dev.sluice.server.auth;

import dev.sluice.server.api.ApiException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived tickets that open event streams, so that a browser's EventSource (which cannot send
 * an Authorization header) never puts the token itself in a URL. A ticket is issued to a token
 * holder by {@code POST /api/stream-tickets}, carries that holder's rights, opens any number of
 * streams until it expires, and grants nothing else.
 */
public final class StreamTickets {

    /** How long a ticket opens streams; the dashboard fetches a new one on reconnect. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Most live tickets: only token holders can ask for them, this bounds the memory a buggy client can take. */
    static final int MAX_LIVE = 10_000;

    private record Ticket(Principal principal, long expiresNanos) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> live = new ConcurrentHashMap<>();

    /** A new ticket for {@code principal} (which must not be anonymous). */
    public String issue(Principal principal) {
        if (!principal.mayRead()) {
            throw new IllegalArgumentException("anonymous requests get no stream ticket");
        }
        long now = System.nanoTime();
        if (live.size() >= MAX_LIVE) {
            live.values().removeIf(t -> t.expiresNanos() - now <= 0);
            if (live.size() >= MAX_LIVE) {
                throw new ApiException(429, "too_many_tickets", "Too many stream tickets are live; retry in a minute.");
            }
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        live.put(ticket, new Ticket(principal, now + LIFETIME.toNanos()));
        return ticket;
    }

    /** The ticket's holder, or null when it is unknown or expired. */
    public Principal resolve(String ticket) {
        Ticket t = live.get(ticket);
        if (t == null) {
            return null;
        }
        if (t.expiresNanos() - System.nanoTime() <= 0) {
            live.remove(ticket);
            return null;
        }
        return t.principal();
    }
}
