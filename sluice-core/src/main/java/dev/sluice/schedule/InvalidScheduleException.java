package dev.sluice.schedule;

import dev.sluice.SluiceException;

/** A schedule Sluice refuses to define: bad cron expression, unknown time zone, bad interval or name. Nothing was written. */
public final class InvalidScheduleException extends SluiceException {
    public InvalidScheduleException(String message) {
        super(message);
    }

    public InvalidScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
