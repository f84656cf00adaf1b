package dev.sluice.queue;

import dev.sluice.SluiceException;

/** A message Sluice refuses to enqueue: invalid or oversized JSON, bad priority, key too long. Nothing was written. */
public class InvalidMessageException extends SluiceException {
    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
