package dev.sluice.examples.spring;

import dev.sluice.embedded.EmbeddedDatabase;
import java.util.Arrays;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot example: {@code POST /signups} writes an account and enqueues its welcome email in
 * one {@code @Transactional} method ({@link SignupService}); {@link WelcomeMailer} handles queue
 * {@code welcome_emails} with an annotated method; {@code GET /signups/{email}} shows when it was sent.
 *
 * <p>Runs on {@code spring.datasource.url} when given, otherwise on an embedded PostgreSQL 17 started
 * for the run: {@code ./sluice demo spring}.
 */
@SpringBootApplication
public class SpringDemoApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SpringDemoApplication.class);
        boolean configured = System.getenv("SPRING_DATASOURCE_URL") != null
                || Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url="));
        if (!configured) {
            System.out.println("No spring.datasource.url given: starting an embedded PostgreSQL 17...");
            EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.FAST);
            // Registered before every other bean, so destroyed after them all: the workers finish, the pool closes, then PostgreSQL stops.
            app.addInitializers(context -> ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("embeddedPostgres", db::close));
            app.setDefaultProperties(Map.of("spring.datasource.url", db.jdbcUrl()));
        }
        app.run(args);
    }
}
