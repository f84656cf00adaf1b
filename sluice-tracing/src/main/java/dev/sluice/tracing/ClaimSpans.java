package dev.sluice.tracing;

import dev.sluice.worker.ClaimObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A {@code claim <queue>} span (CLIENT, operation type {@code receive}) for each claim that took
 * messages, from just before the claim statement to its last row: in the messages' trace when they
 * came from one, linked to each message's enqueue span. Empty claims (an idle worker's polls) get no
 * span, so an idle application records nothing; a failed claim statement gets an error span.
 */
final class ClaimSpans implements ClaimObserver {

    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");

    private final SluiceTracing tracing;

    ClaimSpans(SluiceTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void claimed(Claim claim) throws SQLException {
        if (claim.messages().isEmpty()) {
            return;
        }
        // Read, not taken: the handle span takes them, and a message sent back to the queue keeps its context.
        List<SpanContext> producers = tracing.contexts(claim.connection(), tracing.readSql(), claim.queue(), claim.messages());
        Span span = tracing.messagesSpan("claim", SpanKind.CLIENT, claim.queue(), claim.messages(), producers)
                .setAttribute(OPERATION_TYPE, "receive")
                .setStartTimestamp(claim.started())
                .startSpan();
        span.end(claim.finished());
    }

    @Override
    public void claimFailed(String queue, Instant started, Exception error) {
        Span span = tracing.tracer().spanBuilder("claim " + queue).setSpanKind(SpanKind.CLIENT).setNoParent()
                .setAttribute(SluiceTracing.SYSTEM, "sluice").setAttribute(SluiceTracing.DESTINATION, queue)
                .setAttribute(SluiceTracing.OPERATION, "claim").setAttribute(OPERATION_TYPE, "receive")
                .setStartTimestamp(started).startSpan();
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        span.end();
    }
}
