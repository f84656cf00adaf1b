package dev.sluice.bench.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.queue.PayloadCodec;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the responses of {@code POST /api/scores/batch} said, counted as they come back from many
 * client threads. Only a 2xx response whose body has a numeric {@code accepted} counts events; any
 * other status, an unreadable body and an I/O error count as a failed request, whose events count
 * for nothing.
 */
final class IngestTally {

    /** The counts at one moment. */
    record Counts(long requests, long failedRequests, long accepted, long duplicates, long rejectedEvents, String firstFailure) {
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** One response: its status and body. */
    void response(int status, String body) {
        requests.increment();
        if (status < 200 || status > 299) {
            fail("HTTP " + status + ": " + abbreviate(body));
            return;
        }
        JsonNode json;
        try {
            json = PayloadCodec.tree(body);
        } catch (RuntimeException e) {
            fail("HTTP " + status + " with a body that is not JSON: " + abbreviate(body));
            return;
        }
        JsonNode count = json.path("accepted");
        if (!count.canConvertToLong()) {
            fail("HTTP " + status + " without a numeric \"accepted\": " + abbreviate(body));
            return;
        }
        accepted.add(count.asLong());
        duplicates.add(json.path("duplicates").size());
        rejected.add(json.path("errors").size());
    }

    /** A request that got no response (refused, reset, timed out). */
    void error(Exception e) {
        requests.increment();
        fail(e.toString());
    }

    private void fail(String why) {
        failed.increment();
        firstFailure.compareAndSet(null, why);
    }

    Counts counts() {
        return new Counts(requests.sum(), failed.sum(), accepted.sum(), duplicates.sum(), rejected.sum(), firstFailure.get());
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ");
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
