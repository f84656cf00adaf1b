package dev.sluice.examples.versioning;

import dev.sluice.schema.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named SQL statements of this example (one {@code .sql} resource each, next to this class),
 * rendered for one domain schema.
 */
final class VersioningSql {

    private static final Pattern INCLUDE = Pattern.compile("\\{\\{statement:([a-z_]+)}}");

    private final String quotedSchema;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    VersioningSql(String schema) {
        this.quotedSchema = Identifiers.quote(Identifiers.schemaName(schema));
    }

    /**
     * The statement in {@code <name>.sql}, with {@code {{schema}}} replaced by the quoted schema and
     * {@code {{statement:other}}} by the whole (rendered) statement {@code other.sql}: a script that
     * sends a named statement together with others in one round trip.
     */
    String get(String name) {
        String cached = rendered.get(name);
        if (cached != null) {
            return cached;
        }
        String text = load(name).replace("{{schema}}", quotedSchema);
        Matcher m = INCLUDE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(get(m.group(1)).strip()));
        }
        m.appendTail(b);
        rendered.putIfAbsent(name, b.toString());
        return rendered.get(name);
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
