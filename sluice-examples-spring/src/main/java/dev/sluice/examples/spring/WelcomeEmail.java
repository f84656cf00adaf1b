package dev.sluice.examples.spring;

/** The payload of queue {@code welcome_emails}. */
public record WelcomeEmail(String email) {
}
