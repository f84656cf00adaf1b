package dev.sluice;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 1500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, a bare number of seconds ({@code 30}), or ISO-8601 ({@code PT5M}).
 */
public final class DurationText {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private DurationText() {
    }

    /** Parses {@code text}; an {@link IllegalArgumentException} says which forms are accepted. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Matcher m = SIMPLE.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot read \"" + text + "\" as a duration; use e.g. 1500ms, 30s, 5m, 2h or PT5M.", e);
        }
    }
}
