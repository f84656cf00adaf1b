package dev.sluice.tracing;

import dev.sluice.queue.EnqueueResult;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.Migration;
import dev.sluice.schema.Migrator;
import dev.sluice.schema.SqlTemplate;
import dev.sluice.worker.Batch;
import dev.sluice.worker.BatchHandler;
import dev.sluice.worker.ClaimObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * OpenTelemetry tracing across the queue, as River's {@code otelriver} does: an {@code enqueue}
 * span (PRODUCER) around each enqueue whose W3C trace context is stored with the messages, a
 * {@code claim} span (CLIENT) for each claim that took messages, and a {@code handle} span
 * (CONSUMER) around each batch. Claim and handle spans are children of the enqueuing span when the
 * whole batch came from one trace, and linked to every message's context in any case. The handler
 * runs with the handle span current, so its own spans join the trace.
 *
 * <p>Without Spring: apply {@link #migrator()}, pass {@link #claimObserver()} to
 * {@code SluiceConfig.Builder.claimObserver}, enqueue through {@link #enqueue} and start workers
 * with {@link #wrap(BatchHandler)}. The Spring Boot starter does all of this.
 *
 * <p>The context is stored in table {@code trace_context} of Sluice's schema (component
 * {@code tracing} of the migrations), written in the enqueuing transaction and removed in the
 * batch transaction. With no OpenTelemetry SDK in the application, {@link #disabled()} is used and
 * nothing is written or read.
 */
public final class SluiceTracing {

    static final String INSTRUMENTATION = "dev.sluice";
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("sluice.attempts");
    /** How long a stored context waits for its message before the purge removes it. */
    static final Duration RETENTION = Duration.ofDays(7);

    private static final SluiceTracing DISABLED = new SluiceTracing(null, null);
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String insertSql;
    private final String takeSql;
    private final String purgeSql;
    private final String readSql;

    private SluiceTracing(OpenTelemetry openTelemetry, String schema) {
        if (openTelemetry == null) {
            tracer = null;
            propagator = null;
            insertSql = takeSql = purgeSql = readSql = null;
            return;
        }
        tracer = openTelemetry.getTracer(INSTRUMENTATION);
        // W3C trace context whatever the application propagates over HTTP: the column is a traceparent.
        propagator = io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance();
        Map<String, String> values = Map.of("schema", Identifiers.quote(Identifiers.schemaName(schema)));
        insertSql = SqlTemplate.load(SluiceTracing.class, "trace_insert.sql").render(values);
        takeSql = SqlTemplate.load(SluiceTracing.class, "trace_take.sql").render(values);
        purgeSql = SqlTemplate.load(SluiceTracing.class, "trace_purge.sql").render(values);
        readSql = SqlTemplate.load(SluiceTracing.class, "trace_read.sql").render(values);
    }

    /** Tracing with the given OpenTelemetry, storing contexts in {@code schema}. Apply {@link #migrator()} first. */
    public static SluiceTracing of(OpenTelemetry openTelemetry, String schema) {
        return new SluiceTracing(java.util.Objects.requireNonNull(openTelemetry, "openTelemetry"), schema);
    }

    /** No spans, no stored context: enqueue and handle pass straight through. */
    public static SluiceTracing disabled() {
        return DISABLED;
    }

    public boolean isEnabled() {
        return tracer != null;
    }

    /** The migrations of the {@code trace_context} table. */
    public static Migrator migrator() {
        return new Migrator("tracing", List.of(new Migration(1, "trace context of enqueued messages",
                SqlTemplate.load(SluiceTracing.class, "migrations/V001__trace_context.sql"))));
    }

    /**
     * Runs {@code enqueue} (which writes {@code messages} on {@code connection}) in an enqueue span and
     * stores the span's context for the new messages on the same connection, in the same transaction.
     */
    public List<EnqueueResult> enqueue(Connection connection, String queue, List<Message> messages,
                                       Supplier<List<EnqueueResult>> enqueue) {
        if (tracer == null) {
            return enqueue.get();
        }
        Span span = tracer.spanBuilder("enqueue " + queue).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "sluice").setAttribute(DESTINATION, queue).setAttribute(OPERATION, "enqueue")
                .setAttribute(BATCH_SIZE, (long) messages.size())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<EnqueueResult> results = enqueue.get();
            if (results.size() == 1) {
                span.setAttribute(MESSAGE_ID, Long.toString(results.get(0).id()));
            }
            if (span.getSpanContext().isValid()) {
                store(connection, queue, results);
            }
            return results;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private void store(Connection connection, String queue, List<EnqueueResult> results) {
        List<Long> ids = new ArrayList<>(results.size());
        for (EnqueueResult r : results) {
            if (!r.duplicate()) {
                ids.add(r.id());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, Map::put);
        String traceparent = carrier.get("traceparent");
        if (traceparent == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            ps.setString(1, queue);
            ps.setString(2, traceparent);
            ps.setString(3, carrier.get("tracestate"));
            ps.setArray(4, connection.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new dev.sluice.SluiceException("Could not store the trace context of messages enqueued into \"" + queue
                    + "\": " + e.getMessage() + ". Check that the tracing migration was applied (sluice.migrate).", e);
        }
    }

    /** Wraps a handler: each batch runs in a handle span joined to its messages' enqueue spans. */
    public BatchHandler wrap(BatchHandler handler) {
        if (tracer == null) {
            return handler;
        }
        return batch -> handle(batch, handler);
    }

    /** The observer that gives each claim that took messages a {@code claim} span; {@code null} when disabled. */
    public ClaimObserver claimObserver() {
        return tracer == null ? null : new ClaimSpans(this);
    }

    /**
     * A span over {@code messages}: a child of their enqueuing span when all came from one trace (one
     * context per message), none otherwise; linked to every message's context.
     */
    SpanBuilder messagesSpan(String operation, SpanKind kind, String queue, List<ReceivedMessage> messages,
                             List<SpanContext> producers) {
        SpanBuilder builder = tracer.spanBuilder(operation + " " + queue).setSpanKind(kind)
                .setAttribute(SYSTEM, "sluice").setAttribute(DESTINATION, queue).setAttribute(OPERATION, operation)
                .setAttribute(BATCH_SIZE, (long) messages.size())
                .setAttribute(ATTEMPTS, (long) messages.stream().mapToInt(ReceivedMessage::attempts).max().orElse(0));
        if (messages.size() == 1) {
            builder.setAttribute(MESSAGE_ID, Long.toString(messages.get(0).id()));
        }
        boolean oneTrace = !producers.isEmpty() && producers.size() == messages.size()
                && producers.stream().map(SpanContext::getTraceId).distinct().count() == 1;
        if (oneTrace) {
            builder.setParent(Context.root().with(Span.wrap(producers.get(0))));
        } else {
            builder.setNoParent();
        }
        for (SpanContext producer : producers) {
            builder.addLink(producer);
        }
        return builder;
    }

    Tracer tracer() {
        return tracer;
    }

    private void handle(Batch batch, BatchHandler handler) throws Exception {
        List<SpanContext> producers = contexts(batch.connection(), takeSql, batch.queue(), batch.messages());
        SpanBuilder builder = messagesSpan("handle", SpanKind.CONSUMER, batch.queue(), batch.messages(), producers);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            handler.handle(batch);
        } catch (Exception | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    /** The messages' stored contexts read with {@code sql}: {@link #readSql} leaves them, {@link #takeSql} removes them. */
    List<SpanContext> contexts(Connection c, String sql, String queue, List<ReceivedMessage> messages) throws SQLException {
        Object[] ids = messages.stream().map(ReceivedMessage::id).toArray();
        List<SpanContext> contexts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            ps.setArray(2, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> carrier = new HashMap<>();
                    carrier.put("traceparent", rs.getString(2));
                    if (rs.getString(3) != null) {
                        carrier.put("tracestate", rs.getString(3));
                    }
                    SpanContext context = Span.fromContext(propagator.extract(Context.root(), carrier, GETTER)).getSpanContext();
                    if (context.isValid()) {
                        contexts.add(context);
                    }
                }
            }
        }
        return contexts;
    }

    String readSql() {
        return readSql;
    }

    /** Removes stored contexts older than {@link #RETENTION} (their messages were dead-lettered or dropped). */
    public int purge(DataSource dataSource) {
        if (tracer == null) {
            return 0;
        }
        return dev.sluice.jdbc.Transactions.run(dataSource, "purge old trace contexts", c -> {
            try (PreparedStatement ps = c.prepareStatement(purgeSql)) {
                ps.setLong(1, RETENTION.toSeconds());
                return ps.executeUpdate();
            }
        });
    }
}
