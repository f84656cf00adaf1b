package dev.sluice.streams;

import dev.sluice.SluiceException;

/** The named subscription does not exist. */
public final class UnknownSubscriptionException extends SluiceException {
    public UnknownSubscriptionException(String stream, String subscription) {
        super("Subscription \"" + subscription + "\" of stream \"" + stream + "\" does not exist. Create it with "
                + "streams.subscriptions().create(stream, name, StartFrom...) or streams.subscribe(...).");
    }
}
