package dev.sluice.queue;

import dev.sluice.SluiceException;

/** The named queue does not exist in this schema. */
public final class UnknownQueueException extends SluiceException {
    private final String queue;

    public UnknownQueueException(String queue) {
        super("Queue \"" + queue + "\" does not exist. Create it first with sluice.queues().create(\"" + queue + "\").");
        this.queue = queue;
    }

    public String queue() {
        return queue;
    }
}
