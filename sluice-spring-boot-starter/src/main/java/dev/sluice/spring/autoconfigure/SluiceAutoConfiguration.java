package dev.sluice.spring.autoconfigure;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.spring.SluiceTemplate;
import dev.sluice.spring.handler.HandlerRegistration;
import dev.sluice.spring.handler.SluiceHandlerRegistrar;
import dev.sluice.spring.handler.SluiceWorkers;
import dev.sluice.spring.health.SluiceHealthIndicator;
import dev.sluice.tracing.SluiceTracing;
import dev.sluice.worker.BatchHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Sluice on the application's {@code DataSource}: active when there is one and {@code sluice.enabled}
 * is not false. Every bean backs off when the application defines its own.
 *
 * <ul>
 * <li>{@link Sluice}: the instance, with the application's {@code MeterRegistry} when there is one;</li>
 * <li>{@link SluiceTemplate}: enqueue joining the current Spring transaction;</li>
 * <li>{@link SluiceWorkers}: workers for {@code @SluiceHandler} methods and {@link BatchHandler} beans
 *     (a bean's name is its queue), unless {@code sluice.workers.enabled=false};</li>
 * <li>{@link SluiceHealthIndicator} ({@code sluice}) when Spring Boot's health module is present;</li>
 * <li>{@link SluiceTracing} when the application has an {@code OpenTelemetry} bean.</li>
 * </ul>
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(Sluice.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "sluice.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceAutoConfiguration {

    /** The pool behind a transaction-aware proxy: Sluice's workers run their own transactions on it. */
    static DataSource target(DataSource dataSource) {
        return dataSource instanceof TransactionAwareDataSourceProxy proxy ? proxy.getTargetDataSource() : dataSource;
    }

    @Bean
    @ConditionalOnMissingBean
    SluiceTracing sluiceTracing(ObjectProvider<OpenTelemetry> openTelemetry, SluiceProperties properties) {
        OpenTelemetry otel = openTelemetry.getIfUnique();
        return otel == null ? SluiceTracing.disabled() : SluiceTracing.of(otel, properties.getSchema());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Sluice sluice(DataSource dataSource, SluiceProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
                  SluiceTracing tracing) {
        SluiceConfig.Builder config = properties.toConfigBuilder(target(dataSource));
        MeterRegistry registry = meterRegistry.getIfUnique();
        if (registry != null) {
            config.meterRegistry(registry);
        }
        config.claimObserver(tracing.claimObserver()); // null (none) without OpenTelemetry
        Sluice sluice = Sluice.start(config.build());
        if (properties.isMigrate() && tracing.isEnabled()) {
            try {
                SluiceTracing.migrator().migrate(sluice.dataSource(), properties.getSchema());
            } catch (RuntimeException e) {
                sluice.close();
                throw e;
            }
        }
        return sluice;
    }

    @Bean
    @ConditionalOnMissingBean
    SluiceTemplate sluiceTemplate(Sluice sluice, DataSource dataSource, SluiceTracing tracing) {
        return new SluiceTemplate(sluice, target(dataSource), tracing);
    }

    @Bean
    @ConditionalOnMissingBean
    static SluiceHandlerRegistrar sluiceHandlerRegistrar() {
        return new SluiceHandlerRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "sluice.workers.enabled", matchIfMissing = true)
    SluiceWorkers sluiceWorkers(Sluice sluice, DataSource dataSource, SluiceProperties properties, SluiceTracing tracing,
                                SluiceHandlerRegistrar registrar, ListableBeanFactory beans) {
        return new SluiceWorkers(sluice, target(dataSource), properties, tracing, () -> {
            List<HandlerRegistration> all = new ArrayList<>(registrar.registrations());
            for (Map.Entry<String, BatchHandler> e : beans.getBeansOfType(BatchHandler.class).entrySet()) {
                all.add(new HandlerRegistration(e.getKey(), e.getValue(), "BatchHandler bean '" + e.getKey() + "'", -1, -1, -1));
            }
            return all;
        });
    }

    /** The health indicator, when the application has Spring Boot's health support (e.g. the actuator starter). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("sluice")
    static class SluiceHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "sluiceHealthIndicator")
        SluiceHealthIndicator sluiceHealthIndicator(Sluice sluice, SluiceProperties properties) {
            return new SluiceHealthIndicator(sluice, properties);
        }
    }
}
