package dev.sluice.examples.versioning;

import dev.sluice.schema.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named SQL statements of this example (one {@code .sql} resource each, next to this class),
 * rendered for one domain schema.
 */
final class VersioningSql {

    private final String quotedSchema;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    VersioningSql(String schema) {
        this.quotedSchema = Identifiers.quote(Identifiers.schemaName(schema));
    }

    /** The statement in {@code <name>.sql}, with {@code {{schema}}} replaced by the quoted schema. */
    String get(String name) {
        return rendered.computeIfAbsent(name, n -> load(n).replace("{{schema}}", quotedSchema));
    }

    /** The quoted schema, for the few statements written inline (identifiers only). */
    String schema() {
        return quotedSchema;
    }

    private static String load(String name) {
        try (InputStream in = VersioningSql.class.getResourceAsStream(name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + name + ".sql next to " + VersioningSql.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
