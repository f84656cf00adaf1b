package dev.sluice;

/**
 * Thrown when Sluice cannot do what was asked. The message says what went wrong and, where there
 * is one, what to do about it; the cause, if any, is the underlying {@link java.sql.SQLException}.
 */
public class SluiceException extends RuntimeException {
    public SluiceException(String message) {
        super(message);
    }

    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
