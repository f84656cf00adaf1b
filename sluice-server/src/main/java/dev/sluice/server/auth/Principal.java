package dev.sluice.server.auth;

/** Who a request was authenticated as. */
public enum Principal {
    /** No credentials. */
    ANONYMOUS,
    /** The read-only token (or a stream ticket issued to it): reads, never writes. */
    READER,
    /** The admin token (or a stream ticket issued to it): everything. */
    ADMIN;

    public boolean mayRead() {
        return this != ANONYMOUS;
    }
}
