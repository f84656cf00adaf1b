package dev.sluice.schema;

import dev.sluice.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL file shipped as a class-path resource, with {@code {{name}}} placeholders for identifiers.
 * Placeholders take only values the caller has already validated and quoted through
 * {@link Identifiers}, or numbers; values are never user text.
 */
public final class SqlTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final String resource;
    private final String text;

    private SqlTemplate(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    /** Loads a resource relative to the given class, e.g. {@code load(Claimer.class, "claim.sql")}. */
    public static SqlTemplate load(Class<?> anchor, String name) {
        String path = anchor.getPackageName().replace('.', '/') + '/' + name;
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new SluiceException("SQL resource " + path + " is missing from the class path; the jar is incomplete.");
            }
            return new SqlTemplate(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SluiceException("Could not read SQL resource " + path, e);
        }
    }

    /** Replaces every placeholder; fails if one has no value. */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for {{" + m.group(1) + "}} in " + resource);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The resource path, for error messages. */
    public String resource() {
        return resource;
    }
}
