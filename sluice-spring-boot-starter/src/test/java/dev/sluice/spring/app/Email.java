package dev.sluice.spring.app;

/** A typed payload: the handler receives these, read from JSON. */
public record Email(String to, String subject) {
}
