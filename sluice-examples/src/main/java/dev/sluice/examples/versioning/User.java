package dev.sluice.examples.versioning;

/** A user (a product's owner) as the User service returns it. */
public record User(long id, String name, String email) {
}
