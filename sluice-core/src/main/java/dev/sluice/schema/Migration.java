package dev.sluice.schema;

/**
 * One versioned schema change: a SQL resource with a {@code {{schema}}} placeholder.
 *
 * @param version strictly increasing within its component, starting at 1
 * @param description short text recorded in the version table
 * @param sql the statements, loaded from the jar
 */
public record Migration(int version, String description, SqlTemplate sql) {
}
