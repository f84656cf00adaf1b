package dev.sluice.streams;

import dev.sluice.SluiceException;

/** The named stream does not exist. */
public final class UnknownStreamException extends SluiceException {

    private final String stream;

    public UnknownStreamException(String stream) {
        super("Stream \"" + stream + "\" does not exist. Create it first with streams.create(\"" + stream + "\", options).");
        this.stream = stream;
    }

    /** The stream asked for. */
    public String stream() {
        return stream;
    }
}
