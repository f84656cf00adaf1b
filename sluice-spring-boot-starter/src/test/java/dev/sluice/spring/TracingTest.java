package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** One trace crosses the queue: request, enqueue, claim, handle and the handler's own work. */
class TracingTest {

    static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TracedApp {
        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(EXPORTER)).build())
                    .build();
        }

        @Bean
        Worker worker(OpenTelemetry openTelemetry) {
            return new Worker(openTelemetry.getTracer("app"));
        }
    }

    static class Worker {
        private final Tracer tracer;

        Worker(Tracer tracer) {
            this.tracer = tracer;
        }

        @SluiceHandler(queue = "traced")
        void handle(List<Map<String, Object>> payloads) {
            // The application's own span inside the handler: a child of the handle span.
            tracer.spanBuilder("send invoice").startSpan().end();
        }
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTraceSpansTheRequestTheEnqueueTheHandleAndTheHandlersWork() {
        try (ConfigurableApplicationContext context = TestApps.runFresh(TracedApp.class, "spring_tracing")) {
            Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
            SluiceTemplate template = context.getBean(SluiceTemplate.class);

            Span request = tracer.spanBuilder("POST /invoices").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = request.makeCurrent()) {
                template.enqueue("traced", Map.of("invoice", 42));
            } finally {
                request.end();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> EXPORTER.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getName().equals("send invoice")));
            List<SpanData> spans = EXPORTER.getFinishedSpanItems();
            SpanData enqueue = named(spans, "enqueue traced");
            SpanData claim = named(spans, "claim traced");
            // The workers' claims before the enqueue found nothing and recorded no span.
            assertThat(spans.stream().filter(s -> s.getName().startsWith("claim "))).hasSize(1);
            SpanData handle = named(spans, "handle traced");
            SpanData work = named(spans, "send invoice");

            String traceId = request.getSpanContext().getTraceId();
            assertThat(List.of(enqueue, claim, handle, work)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
            assertThat(enqueue.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(enqueue.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(handle.getParentSpanId()).isEqualTo(enqueue.getSpanId());
            assertThat(handle.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(handle.getLinks()).extracting(LinkData::getSpanContext).extracting(c -> c.getSpanId())
                    .containsExactly(enqueue.getSpanId());
            assertThat(work.getParentSpanId()).isEqualTo(handle.getSpanId());
            // The claim: a child of the enqueue too, ended before the handle started, with the claimed batch's attributes.
            assertThat(claim.getParentSpanId()).isEqualTo(enqueue.getSpanId());
            assertThat(claim.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(claim.getLinks()).extracting(LinkData::getSpanContext).extracting(c -> c.getSpanId())
                    .containsExactly(enqueue.getSpanId());
            assertThat(claim.getEndEpochNanos()).isLessThanOrEqualTo(handle.getStartEpochNanos());
            assertThat(claim.getStartEpochNanos()).isLessThanOrEqualTo(claim.getEndEpochNanos());
            assertThat(claim.getAttributes().get(AttributeKey.stringKey("messaging.operation.name"))).isEqualTo("claim");
            assertThat(claim.getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isEqualTo("receive");
            assertThat(claim.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(1L);
            assertThat(claim.getAttributes().get(AttributeKey.longKey("sluice.attempts"))).isZero();
            assertThat(handle.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("traced");
            assertThat(handle.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(1L);
            assertThat(handle.getAttributes().get(AttributeKey.longKey("sluice.attempts"))).isZero();
            assertThat(handle.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
                    .isEqualTo(enqueue.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));

            // The stored context went with the acknowledgement.
            String schema = context.getBean(Sluice.class).config().schema();
            await().atMost(Duration.ofSeconds(5)).until(() -> context.getBean(JdbcTemplate.class)
                    .queryForObject("SELECT count(*) FROM \"" + schema + "\".trace_context", Long.class) == 0);
        }
    }
}
