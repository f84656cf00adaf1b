package dev.sluice;

import java.time.Duration;

/** Durations as people type them on a command line: {@code 1500ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT5M}). */
public final class DurationText {
    private DurationText() {
    }

    /** Parses {@code text}; an {@link IllegalArgumentException} says which forms are accepted. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase();
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            throw new IllegalArgumentException("no unit");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot read \"" + text + "\" as a duration; use e.g. 1500ms, 30s, 5m, 2h or PT5M.", e);
        }
    }
}
