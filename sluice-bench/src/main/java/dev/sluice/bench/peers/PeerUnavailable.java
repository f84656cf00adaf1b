package dev.sluice.bench.peers;

/** A peer whose runtime is absent here (node, the PgQ extension): the run skips it with this message. */
public final class PeerUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerUnavailable(String message) {
        super(message);
    }
}
