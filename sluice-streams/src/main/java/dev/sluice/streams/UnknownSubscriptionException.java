package dev.sluice.streams;

import dev.sluice.SluiceException;

/** The named subscription does not exist. */
public final class UnknownSubscriptionException extends SluiceException {

    private final String stream;
    private final String subscription;

    public UnknownSubscriptionException(String stream, String subscription) {
        super("Subscription \"" + subscription + "\" of stream \"" + stream + "\" does not exist. Create it with "
                + "streams.subscriptions().create(stream, name, StartFrom...) or streams.subscribe(...).");
        this.stream = stream;
        this.subscription = subscription;
    }

    public String stream() {
        return stream;
    }

    public String subscription() {
        return subscription;
    }
}
