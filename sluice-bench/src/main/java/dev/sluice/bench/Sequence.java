package dev.sluice.bench;

/**
 * Bench messages carry their sequence number in the run as the payload {@code {"s":N}}: the number
 * indexes the run's per-message arrays, and survives whatever ids the queue gives a message (a retry
 * may get a new one).
 */
final class Sequence {

    private Sequence() {
    }

    static String payload(int seq) {
        return "{\"s\":" + seq + "}";
    }

    /** The number in a payload written by {@link #payload}, as PostgreSQL returns it ({@code {"s": 12}}); no JSON parse per message. */
    static int of(String payloadJson) {
        int value = 0;
        boolean digits = false;
        for (int i = 0; i < payloadJson.length(); i++) {
            char ch = payloadJson.charAt(i);
            if (ch >= '0' && ch <= '9') {
                value = value * 10 + (ch - '0');
                digits = true;
            } else if (digits) {
                break;
            }
        }
        if (!digits) {
            throw new IllegalStateException("not a bench message payload: " + payloadJson);
        }
        return value;
    }
}
